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
  document.addEventListener('DOMContentLoaded', function () { localTimes(document); });
})();
