// plp-site's start of the browser editor (Decap CMS). It runs before decap-cms.js, so the editor starts only once
// the page has loaded:
// - `?repo=NAME` in the page's address saves to the repository NAME of the owner this page was made for (the
//   data-owner of this script), so one copy of the editor on the school's server serves every student;
// - an optional field left empty is left out of the page, as plp check reads pages (an empty `goal:` would be an
//   error there); the page's text is kept as it is.
(() => {
  const owner = document.currentScript.dataset.owner || "";
  window.CMS_MANUAL_INIT = true;
  window.addEventListener("DOMContentLoaded", () => {
    const { CMS } = window;
    CMS.registerEventListener({
      name: "preSave",
      handler: ({ entry }) =>
        entry.get("data").filter((value, key) => key === "body" || (value !== "" && value !== null && value !== undefined)),
    });
    const name = new URLSearchParams(window.location.search).get("repo");
    const usable = owner && name && /^[A-Za-z0-9_.-]{1,100}$/.test(name) && !/^\.+$/.test(name);
    CMS.init(usable ? { config: { backend: { repo: `${owner}/${name}` } } } : {});
  });
})();
