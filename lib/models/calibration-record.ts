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
        "leverageMedian": 17.436274448646557,
        "leverageSpread": 1.124503097654039,
        "sizeMedian": 6380.857017046956,
        "longShare": 0.6470949128448152,
        "turnover": 1.836188889826553,
        "depthMultiple": 2.491123307907129
      },
      "loss": 2.8208974462516623,
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
          "leverageMedian": 17.542737688998027,
          "leverageSpread": 1.065967593155311,
          "sizeMedian": 6157.046886370242,
          "longShare": 0.6244180110713137,
          "turnover": 1.9042894754383861,
          "depthMultiple": 1.7646609173987737
        },
        "loss": 3.1988307822589532,
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
          "leverageMedian": 24.32481134067919,
          "leverageSpread": 1.020507108815645,
          "sizeMedian": 6905.6174951023995,
          "longShare": 0.5620703151372117,
          "turnover": 1.5225822949703054,
          "depthMultiple": 2.7684426903379045
        },
        "loss": 3.2808325195328063,
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
          "leverageMedian": 15.403975447765939,
          "leverageSpread": 1.074875662817696,
          "sizeMedian": 7131.377807352464,
          "longShare": 0.7479042726353313,
          "turnover": 2.6185273715728687,
          "depthMultiple": 1.8767094801752875
        },
        "loss": 3.973594639475366,
        "evaluations": 252
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
          "leverageMedian": 24.038949078073994,
          "leverageSpread": 0.77665086918481,
          "sizeMedian": 9280.011606883516,
          "longShare": 0.5047223510567191,
          "turnover": 2.3717100633464265,
          "depthMultiple": 1.933206734834162
        },
        "loss": 3.7626367704314263,
        "evaluations": 251
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
          "leverageMedian": 17.436274448646557,
          "leverageSpread": 1.124503097654039,
          "sizeMedian": 6380.857017046956,
          "longShare": 0.6470949128448152,
          "turnover": 1.836188889826553,
          "depthMultiple": 2.491123307907129
        },
        "loss": 2.8208974462516623,
        "evaluations": 250
      }
    ],
    "spread": {
      "leverageMedian": {
        "min": 17.436274448646557,
        "max": 24.32481134067919,
        "agreeing": 4
      },
      "leverageSpread": {
        "min": 0.77665086918481,
        "max": 1.124503097654039,
        "agreeing": 4
      },
      "sizeMedian": {
        "min": 6157.046886370242,
        "max": 9280.011606883516,
        "agreeing": 4
      },
      "longShare": {
        "min": 0.5047223510567191,
        "max": 0.6470949128448152,
        "agreeing": 4
      },
      "turnover": {
        "min": 1.5225822949703054,
        "max": 2.3717100633464265,
        "agreeing": 4
      },
      "depthMultiple": {
        "min": 1.7646609173987737,
        "max": 2.7684426903379045,
        "agreeing": 4
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
        "low": 15.410832412003842,
        "high": 23.542758208864534,
        "open": false
      },
      "leverageSpread": {
        "low": 1.0079399108520124,
        "high": 1.2,
        "open": true
      },
      "sizeMedian": {
        "low": 5147.7625905468185,
        "high": 8993.908999095835,
        "open": false
      },
      "longShare": {
        "low": 0.5530870400674904,
        "high": 0.7540688092821071,
        "open": false
      },
      "turnover": {
        "low": 1.3066064112342783,
        "high": 2.3334027133174082,
        "open": false
      },
      "depthMultiple": {
        "low": 2.1420835994927256,
        "high": 3.8386616835273295,
        "open": false
      }
    }
  },
  "targets": [
    {
      "name": "oct.notional",
      "published": 19130000000,
      "modelled": 18317529151.1607,
      "relError": -0.04247103234915306,
      "absError": -812470848.8392982,
      "role": "fit",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": true
    },
    {
      "name": "oct.traders",
      "published": 1618240,
      "modelled": 1666645.7293445906,
      "relError": 0.029912577457355205,
      "absError": 48405.72934459057,
      "role": "fit",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": true
    },
    {
      "name": "oct.longShare",
      "published": 0.839,
      "modelled": 0.8399869884326375,
      "relError": 0.001176386689675235,
      "absError": 0.0009869884326375589,
      "role": "fit",
      "sigma": 0.03,
      "threshold": 0.05,
      "meets": true
    },
    {
      "name": "oct.first40min",
      "published": 6930000000,
      "modelled": 9365449990.560667,
      "relError": 0.35143578507368933,
      "absError": 2435449990.560667,
      "role": "fit",
      "sigma": 0.25,
      "threshold": 0.25,
      "meets": false
    },
    {
      "name": "oct.peakMinute",
      "published": 3200000000,
      "modelled": 2546282718.573226,
      "relError": -0.2042866504458669,
      "absError": -653717281.426774,
      "role": "fit",
      "sigma": 0.5,
      "threshold": 0.5,
      "meets": true
    },
    {
      "name": "oct.adl",
      "published": 2100000000,
      "modelled": 1330412651.0153487,
      "relError": -0.3664701661831673,
      "absError": -769587348.9846513,
      "role": "fit",
      "sigma": 0.5,
      "threshold": 0.5,
      "meets": true
    },
    {
      "name": "oct.oiFall",
      "published": -0.43,
      "modelled": -0.26462978118963043,
      "relError": -0.3845819042101618,
      "absError": 0.16537021881036956,
      "role": "fit",
      "sigma": 0.3,
      "threshold": 0.1,
      "meets": false
    },
    {
      "name": "nov.notional",
      "published": 1965000000,
      "modelled": 23905192774.245567,
      "relError": 11.165492505977388,
      "absError": 21940192774.245567,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    },
    {
      "name": "nov.traders",
      "published": 403398,
      "modelled": 1985690.3459048897,
      "relError": 3.922409991881193,
      "absError": 1582292.3459048897,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    },
    {
      "name": "nov.longShare",
      "published": 0.9324253535882661,
      "modelled": 0.7072082662472321,
      "relError": -0.2415389998505808,
      "absError": -0.22521708734103396,
      "role": "holdout",
      "sigma": 0.03,
      "threshold": 0.05,
      "meets": false
    },
    {
      "name": "ratio.traders",
      "published": 0.24928193593039352,
      "modelled": 1.1914291747447514,
      "relError": 3.779444488418253,
      "absError": 0.9421472388143579,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    },
    {
      "name": "ratio.notional",
      "published": 0.10271824359644538,
      "modelled": 1.3050446147498447,
      "relError": 11.705090829600268,
      "absError": 1.2023263711533994,
      "role": "holdout",
      "sigma": 0.35,
      "threshold": 0.3,
      "meets": false
    }
  ],
  "loss": 2.8208974462516623
};
