// Written by `cascade calibrate --record` (calibration-format.ts): the seeded fit behind CALIBRATION
// and the report of its best parameters. Re-run the command to reproduce it; do not edit by hand.
import type { FitRecord } from "./calibration-fit";

export const FIT_RECORD: FitRecord = {
  "fit": {
    "best": {
      "start": {
        "leverageMedian": 16.440557074303065,
        "leverageSpread": 0.8886398056272262,
        "sizeMedian": 8380.142109090317,
        "longShare": 0.6741054521846895,
        "turnover": 1.081055151107118,
        "depthMultiple": 66.82164298949702
      },
      "parameters": {
        "leverageMedian": 23.24196536089867,
        "leverageSpread": 1.1718390982325246,
        "sizeMedian": 6294.655694006898,
        "longShare": 0.6050669956585331,
        "turnover": 1.1773653069521255,
        "depthMultiple": 2.1778401093006683
      },
      "loss": 2.976152087996044,
      "evaluations": 250
    },
    "starts": [
      {
        "start": {
          "leverageMedian": 14.7718802692054,
          "leverageSpread": 0.6376625955535744,
          "sizeMedian": 858.505478247302,
          "longShare": 0.7437423859841451,
          "turnover": 0.6493183898236252,
          "depthMultiple": 53.81589575601597
        },
        "parameters": {
          "leverageMedian": 18.24625184842075,
          "leverageSpread": 1.024805439277147,
          "sizeMedian": 6561.818904126851,
          "longShare": 0.6249476278718966,
          "turnover": 2.012949567831584,
          "depthMultiple": 1.9526491397794887
        },
        "loss": 3.3827446999897104,
        "evaluations": 250
      },
      {
        "start": {
          "leverageMedian": 18.72660046578443,
          "leverageSpread": 0.6361895798472007,
          "sizeMedian": 1458.7695893665434,
          "longShare": 0.5996700249515784,
          "turnover": 1.160265507461564,
          "depthMultiple": 32.84978139117724
        },
        "parameters": {
          "leverageMedian": 20.621906829945353,
          "leverageSpread": 1.0386418145886762,
          "sizeMedian": 6495.027206457364,
          "longShare": 0.5798929209702055,
          "turnover": 1.5943524573298113,
          "depthMultiple": 2.3430146810183077
        },
        "loss": 3.016533230913323,
        "evaluations": 250
      },
      {
        "start": {
          "leverageMedian": 18.942070382652194,
          "leverageSpread": 0.4947316647865477,
          "sizeMedian": 13254.006933976154,
          "longShare": 0.7934407539561779,
          "turnover": 0.5594512430578638,
          "depthMultiple": 38.3688297096174
        },
        "parameters": {
          "leverageMedian": 18.57957844253131,
          "leverageSpread": 1.0766137228841641,
          "sizeMedian": 8567.132517737547,
          "longShare": 0.5869964297004021,
          "turnover": 2.4004109895329293,
          "depthMultiple": 2.4816340603946565
        },
        "loss": 3.7791600497268254,
        "evaluations": 251
      },
      {
        "start": {
          "leverageMedian": 17.763102928316354,
          "leverageSpread": 0.42442299295040853,
          "sizeMedian": 1321.8785451025856,
          "longShare": 0.70523018771427,
          "turnover": 0.8106316479106689,
          "depthMultiple": 3.654950426817924
        },
        "parameters": {
          "leverageMedian": 24.42046896829211,
          "leverageSpread": 0.7616282758623107,
          "sizeMedian": 8325.356784094765,
          "longShare": 0.5093145692173234,
          "turnover": 2.1559449958355197,
          "depthMultiple": 1.8877572910079188
        },
        "loss": 3.813134088007849,
        "evaluations": 250
      },
      {
        "start": {
          "leverageMedian": 16.440557074303065,
          "leverageSpread": 0.8886398056272262,
          "sizeMedian": 8380.142109090317,
          "longShare": 0.6741054521846895,
          "turnover": 1.081055151107118,
          "depthMultiple": 66.82164298949702
        },
        "parameters": {
          "leverageMedian": 23.24196536089867,
          "leverageSpread": 1.1718390982325246,
          "sizeMedian": 6294.655694006898,
          "longShare": 0.6050669956585331,
          "turnover": 1.1773653069521255,
          "depthMultiple": 2.1778401093006683
        },
        "loss": 2.976152087996044,
        "evaluations": 250
      }
    ],
    "spread": {
      "leverageMedian": {
        "min": 18.24625184842075,
        "max": 24.42046896829211,
        "agreeing": 5
      },
      "leverageSpread": {
        "min": 0.7616282758623107,
        "max": 1.1718390982325246,
        "agreeing": 5
      },
      "sizeMedian": {
        "min": 6294.655694006898,
        "max": 8567.132517737547,
        "agreeing": 5
      },
      "longShare": {
        "min": 0.5093145692173234,
        "max": 0.6249476278718966,
        "agreeing": 5
      },
      "turnover": {
        "min": 1.1773653069521255,
        "max": 2.4004109895329293,
        "agreeing": 5
      },
      "depthMultiple": {
        "min": 1.8877572910079188,
        "max": 2.4816340603946565,
        "agreeing": 5
      }
    },
    "settings": {
      "n": 40000,
      "bookSeed": 1011,
      "seed": 20251010,
      "budget": 250,
      "starts": 5
    },
    "profile": {
      "leverageMedian": {
        "low": 19.09924302400723,
        "high": 27.231041378981047,
        "open": false
      },
      "leverageSpread": {
        "low": 0.9864883340231085,
        "high": 1.2,
        "open": true
      },
      "sizeMedian": {
        "low": 4593.728367638152,
        "high": 8455.814164334824,
        "open": false
      },
      "longShare": {
        "low": 0.5,
        "high": 0.6430724916876498,
        "open": true
      },
      "turnover": {
        "low": 0.9029924816619638,
        "high": 1.747313792495589,
        "open": false
      },
      "depthMultiple": {
        "low": 1.873893379210762,
        "high": 4.576760147836941,
        "open": false
      }
    }
  },
  "targets": [
    {
      "name": "oct.notional",
      "published": 19130000000,
      "modelled": 18587807400.50563,
      "relError": -0.028342530031070012,
      "absError": -542192599.4943695,
      "role": "fit",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": true
    },
    {
      "name": "oct.traders",
      "published": 1618240,
      "modelled": 1521991.39095021,
      "relError": -0.05947733899161434,
      "absError": -96248.60904979007,
      "role": "fit",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": true
    },
    {
      "name": "oct.longShare",
      "published": 0.839,
      "modelled": 0.8499361566132878,
      "relError": 0.01303475162489609,
      "absError": 0.01093615661328784,
      "role": "fit",
      "sigma": 0.03,
      "threshold": 0.05,
      "meets": true
    },
    {
      "name": "oct.first40min",
      "published": 6930000000,
      "modelled": 10073053079.996166,
      "relError": 0.4535430129864597,
      "absError": 3143053079.996166,
      "role": "fit",
      "sigma": 0.25,
      "threshold": 0.25,
      "meets": false
    },
    {
      "name": "oct.peakMinute",
      "published": 3200000000,
      "modelled": 2769845060.0134845,
      "relError": -0.13442341874578612,
      "absError": -430154939.9865155,
      "role": "fit",
      "sigma": 0.5,
      "threshold": 0.5,
      "meets": true
    },
    {
      "name": "oct.adl",
      "published": 2100000000,
      "modelled": 1504180694.385226,
      "relError": -0.28372347886417804,
      "absError": -595819305.614774,
      "role": "fit",
      "sigma": 0.5,
      "threshold": 0.5,
      "meets": true
    },
    {
      "name": "oct.oiFall",
      "published": -0.43,
      "modelled": -0.3707512526671033,
      "relError": -0.13778778449510865,
      "absError": 0.0592487473328967,
      "role": "fit",
      "sigma": 0.3,
      "threshold": 0.1,
      "meets": true
    },
    {
      "name": "nov.notional",
      "published": 1965000000,
      "modelled": 22875983749.963657,
      "relError": 10.641722010159622,
      "absError": 20910983749.963657,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    },
    {
      "name": "nov.traders",
      "published": 403398,
      "modelled": 1744921.6744123425,
      "relError": 3.325558566012579,
      "absError": 1341523.6744123425,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    },
    {
      "name": "nov.longShare",
      "published": 0.9324253535882661,
      "modelled": 0.7278275179874129,
      "relError": -0.21942543155170158,
      "absError": -0.2045978356008532,
      "role": "holdout",
      "sigma": 0.03,
      "threshold": 0.05,
      "meets": false
    },
    {
      "name": "ratio.traders",
      "published": 0.24928193593039352,
      "modelled": 1.1464727624529811,
      "relError": 3.5991008460922265,
      "absError": 0.8971908265225876,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    },
    {
      "name": "ratio.notional",
      "published": 0.10271824359644538,
      "modelled": 1.2306983420401365,
      "relError": 10.981302434212626,
      "absError": 1.1279800984436912,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    }
  ],
  "loss": 2.976152087996044
};
