/* The page builder: GrapesJS from npm, saving to /api/pages/<id> (project JSON + HTML + CSS). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("builder-config").textContent);
  var project = JSON.parse(document.getElementById("gjs-project").textContent) || {};
  var html = JSON.parse(document.getElementById("gjs-html").textContent) || "";
  var css = JSON.parse(document.getElementById("gjs-css").textContent) || "";
  var stateBadge = document.getElementById("save-state");
  var alertBox = document.getElementById("builder-alert");
  var plugin = function (m) { return (m && m.default) || m; };
  var hasProject = project && project.pages && project.pages.length;

  function setState(state, text) {
    stateBadge.dataset.state = state;
    stateBadge.textContent = text;
  }
  function showError(message) {
    alertBox.textContent = message;
    alertBox.classList.toggle("d-none", !message);
  }
  function api(method, path, body) {
    return fetch(config.api + path, {
      method: method,
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": config.csrfToken},
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var err = new Error((data.error && data.error.message) || response.statusText); err.data = data; throw err; }
        return data;
      });
    });
  }

  var editor = grapesjs.init({
    container: "#gjs",
    height: "100%",
    fromElement: false,
    telemetry: false,
    cssIcons: "",  // the icon font is linked by the template from /static, never a CDN
    projectData: hasProject ? project : undefined,
    components: hasProject ? undefined : html,
    style: hasProject ? undefined : css,
    parser: {optionsHtml: {allowScripts: false, allowUnsafeAttr: false, allowUnsafeAttrValue: false}},
    deviceManager: {devices: [
      {id: "Desktop", name: "Desktop", width: ""},
      {id: "Tablet", name: "Tablet", width: "768px", widthMedia: "992px"},
      {id: "Mobile portrait", name: "Mobile portrait", width: "375px", widthMedia: "480px"},
    ]},
    storageManager: {type: "landinghub", autosave: true, autoload: false, stepsBeforeSave: 1},
    assetManager: {
      upload: config.api + "/assets",
      uploadName: "files[]",
      multiUpload: true,
      embedAsBase64: false,
      credentials: "same-origin",
      headers: {"X-CSRFToken": config.csrfToken},
    },
    plugins: [plugin(window["gjs-blocks-basic"]), plugin(window["grapesjs-plugin-forms"]), plugin(window["grapesjs-preset-webpage"])],
    pluginsOpts: {},
  });

  editor.Storage.add("landinghub", {
    load: function () { return Promise.resolve(project); },
    store: function (data) {
      setState("saving", config.saving);
      return api("PATCH", "", {project_data: data, html_content: editor.getHtml(), css_content: editor.getCss()})
        .then(function () { setState("saved", config.saved); showError(""); })
        .catch(function (err) { setState("error", config.saveFailed); showError(err.message); throw err; });
    },
  });

  editor.on("load", function () {
    editor.UndoManager.clear();
    fetch(config.api + "/assets", {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (data) { editor.AssetManager.add(data.data || []); });
    setState("saved", config.saved);
  });
  editor.on("update", function () {
    if (stateBadge.dataset.state !== "saving") setState("dirty", config.unsaved);
  });
  window.lhEditor = editor;
  // Autosave runs after every change; warn only if leaving before it has landed.
  window.addEventListener("beforeunload", function (event) {
    var state = stateBadge.dataset.state;
    if (state === "dirty" || state === "saving" || state === "error") { event.preventDefault(); event.returnValue = ""; }
  });

  document.querySelectorAll("[data-device]").forEach(function (button) {
    button.addEventListener("click", function () {
      editor.setDevice(button.dataset.device);
      document.querySelectorAll("[data-device]").forEach(function (b) { b.classList.toggle("active", b === button); });
    });
  });
  document.getElementById("undo").addEventListener("click", function () { editor.UndoManager.undo(); });
  document.getElementById("redo").addEventListener("click", function () { editor.UndoManager.redo(); });
  document.getElementById("save").addEventListener("click", function () { editor.store(); });

  var publishButton = document.getElementById("publish");
  var openLink = document.getElementById("open-published");
  publishButton.addEventListener("click", function () {
    publishButton.disabled = true;
    setState("saving", config.publishing);
    editor.store()
      .then(function () { return api("POST", "/deploy"); })
      .then(function poll(page) {
        if (page.deploy_status === "pending") {
          return new Promise(function (r) { setTimeout(r, 1000); }).then(function () { return api("GET", ""); }).then(poll);
        }
        if (page.deploy_status === "failed") throw new Error(page.deploy_error);
        openLink.href = page.url;
        openLink.classList.remove("d-none");
        setState("saved", config.published);
      })
      .catch(function (err) { setState("error", config.saveFailed); showError(err.message); })
      .finally(function () { publishButton.disabled = false; });
  });

  document.getElementById("settings-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var body = {};
    new FormData(form).forEach(function (value, key) { body[key] = value; });
    // An unchecked box is absent from FormData: send the switch's state either way.
    form.querySelectorAll("input[type=checkbox]").forEach(function (box) { body[box.name] = box.checked; });
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    api("PATCH", "", body).then(function (page) {
      document.querySelector("[data-testid=builder-title]").textContent = page.title;
      openLink.href = page.url;
      var saved = document.getElementById("settings-saved");
      saved.classList.remove("d-none");
      setTimeout(function () { saved.classList.add("d-none"); }, 2000);
    }).catch(function (err) {
      var fields = (err.data && err.data.error && err.data.error.details && err.data.error.details.fields) || {};
      Object.keys(fields).forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (!input) return;
        input.classList.add("is-invalid");
        input.parentElement.querySelector(".invalid-feedback").textContent = [].concat(fields[name]).join(" ");
      });
      if (!Object.keys(fields).length) showError(err.message);
    });
  });
})();
