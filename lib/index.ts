/**
 * "cascade": the helper library notebooks import. Market data, analytics, cascade models and
 * plots; it knows nothing of hosts and returns plain values and plotly figure objects.
 */
export const version = "0.1.0";
