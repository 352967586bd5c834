// ModelLedger console: progressive enhancement only; every page works without it.
(function () {
  'use strict';

  // times arrive in UTC: show them in the reader's time zone, UTC stays in the title (on hover)
  function localTimes(root) {
    root.querySelectorAll('time.when[datetime]').forEach(function (el) {
      var at = new Date(el.getAttribute('datetime'));
      if (!isNaN(at.getTime())) {
        el.textContent = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
      }
    });
  }

  // htmx requests that change something carry the CSRF token as a header, as forms carry it as a field
  document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });
  document.addEventListener('htmx:afterSwap', function (event) { localTimes(event.target); });
  // a date-time picked in a form is in the reader's time zone: say which, so the server reads it right
  function timeZones(root) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    root.querySelectorAll('input[type="hidden"][name="tz"]').forEach(function (el) {
      if (!el.value) { el.value = zone; }
    });
  }

  // a monitoring chart: the series the page carries, drawn by uPlot; what was drawn is written back on the element
  // (data-drawn-points) so that a test reads the chart's data, not only that a canvas exists
  function charts(root) {
    if (typeof uPlot === 'undefined') { return; }
    root.querySelectorAll('.chart[data-series]').forEach(function (el) {
      var data = JSON.parse(el.getAttribute('data-series'));
      var width = Math.max(260, Math.min(560, el.clientWidth || 560));
      var plot = new uPlot({
        width: width, height: 180,
        series: [{}, { label: el.getAttribute('data-title'), stroke: '#0a58ca', width: 2, spanGaps: false, points: { show: true } }],
        axes: [{}, { size: 60 }],
        legend: { show: false }
      }, data, el);
      var drawn = plot.data[1].filter(function (v) { return v !== null && v !== undefined; }).length;
      el.setAttribute('data-drawn-points', String(drawn));
    });
  }

  document.addEventListener('DOMContentLoaded', function () { localTimes(document); timeZones(document); charts(document); });
})();
