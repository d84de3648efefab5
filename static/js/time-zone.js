// Tells the server the trainee's time zone, so every page writes its times in it: the
// browser's IANA name ("America/New_York") in the cookie `tz`, which quiz/zones.py reads
// (and ignores unless it is a zone it knows). Written only when it differs, so a trainee
// who travels gets their new zone from the next page on.
(function () {
  "use strict";

  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) {
    return;
  }
  var current = document.cookie.split("; ").filter(function (pair) {
    return pair.indexOf("tz=") === 0;
  })[0];
  if (current === "tz=" + zone) {
    return;
  }
  // Over HTTPS, SameSite=None: inside an LMS's frame (another site) browsers refuse a Lax
  // cookie, and take None only with Secure. The zone's name is all it carries.
  var attributes =
    window.location.protocol === "https:" ? "; SameSite=None; Secure" : "; SameSite=Lax";
  document.cookie = "tz=" + zone + "; Path=/; Max-Age=" + 365 * 24 * 60 * 60 + attributes;
})();
