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

  document.addEventListener('DOMContentLoaded', function () { localTimes(document); timeZones(document); });
})();
