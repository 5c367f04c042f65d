// The traces the dashboard draws, and nothing else: plotly.js's core (with scatter), the
// MapLibre map traces and the gauge. A trace used by a new figure must be added here.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choroplethmap'),
    require('plotly.js/lib/scattermap'),
    require('plotly.js/lib/indicator'),
]);

module.exports = Plotly;
