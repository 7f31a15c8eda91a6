/* The page builder: GrapesJS from npm, saving to /api/pages/<id> (project JSON + HTML + CSS).
   GrapesJS speaks the site's language: its own locale file plus our block names and panel
   titles (config.gjsMessages, translated on the server). */
const config = JSON.parse(document.getElementById("builder-config").textContent);
const text = config.text;
const project = JSON.parse(document.getElementById("gjs-project").textContent) || {};
const html = JSON.parse(document.getElementById("gjs-html").textContent) || "";
const css = JSON.parse(document.getElementById("gjs-css").textContent) || "";
const stateBadge = document.getElementById("save-state");
const alertBox = document.getElementById("builder-alert");
const plugin = (m) => (m && m.default) || m;
const hasProject = project && project.pages && project.pages.length;

function setState(state, label) {
  stateBadge.dataset.state = state;
  stateBadge.textContent = label;
}

/* An error in the alert under the bar; ``link`` adds e.g. "See the plans". */
function showError(message, link) {
  alertBox.replaceChildren();
  if (message) {
    alertBox.append(message);
    if (link) {
      const a = document.createElement("a");
      a.className = "alert-link ms-2";
      a.href = link.href;
      a.textContent = link.text;
      a.dataset.testid = link.testid || "plans-link";
      alertBox.append(a);
    }
  }
  alertBox.classList.toggle("d-none", !message);
}

function apiError(status, data) {
  const envelope = (data && data.error) || {};
  const err = new Error(envelope.message || text.saveFailed);
  err.status = status;
  err.data = data;
  err.code = envelope.code;
  return err;
}

async function api(method, path, body) {
  const response = await fetch(config.api + path, {
    method,
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/json",
      "Accept": "application/json",
      "Accept-Language": config.lang,
      "X-CSRFToken": config.csrfToken,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw apiError(response.status, data);
  return data;
}

/* --- Image uploads: GrapesJS's own uploader (it sends ``files[][]``), over XHR so the
   asset manager can show progress, and the server's refusal in the user's language. --- */
function uploadStatus() {
  let box = document.getElementById("lh-upload-status");
  const uploader = document.querySelector(".gjs-am-file-uploader");
  if (!box) {
    box = document.createElement("div");
    box.id = "lh-upload-status";
    box.className = "lh-upload-status";
    box.dataset.testid = "upload-status";
    box.setAttribute("role", "status");
    box.innerHTML = '<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100">' +
      '<div class="progress-bar progress-bar-striped progress-bar-animated"></div></div>' +
      '<div class="lh-upload-text small"></div>';
  }
  if (uploader && box.parentNode !== uploader.parentNode) uploader.after(box);
  return box;
}

function showUpload(state, message, fraction) {
  const box = uploadStatus();
  box.dataset.state = state;
  box.hidden = false;
  const bar = box.querySelector(".progress");
  bar.hidden = state !== "uploading";
  const percent = Math.round(100 * (fraction || 0));
  bar.setAttribute("aria-valuenow", String(percent));
  bar.firstChild.style.width = percent + "%";
  const line = box.querySelector(".lh-upload-text");
  line.textContent = message;
  line.className = "lh-upload-text small mt-1 " + (state === "error" ? "text-danger fw-semibold" : "text-secondary");
  box.setAttribute("role", state === "error" ? "alert" : "status");
  // An image dropped on the canvas uploads with the asset manager closed: say it in the bar.
  if (state === "error" && !box.isConnected) showError(message);
}

function uploadWithProgress(url, options) {
  const files = options.body.getAll ? [...options.body.values()].filter((v) => v instanceof File) : [];
  const names = files.map((f) => f.name).join(", ");
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    Object.entries(options.headers || {}).forEach(([name, value]) => xhr.setRequestHeader(name, value));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", config.lang);
    const uploading = text.uploading.replace("%(name)s", names);
    showUpload("uploading", uploading, 0);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) showUpload("uploading", uploading, event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        showUpload("done", text.uploaded, 1);
        resolve(xhr.responseText);
        return;
      }
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: a proxy's page */ }
      const message = (data.error && data.error.message) || text.uploadFailed;
      showUpload("error", message);
      reject(new Error(message));
    });
    xhr.addEventListener("error", () => { showUpload("error", text.uploadFailed); reject(new Error(text.uploadFailed)); });
    xhr.send(options.body);
  });
}

async function gjsLocale() {
  if (!config.gjsLocaleUrl) return {};
  try {
    return (await import(config.gjsLocaleUrl)).default;
  } catch (e) {
    return {};  // English panels rather than no builder
  }
}

function merged(base, extra) {
  const out = {...base};
  Object.entries(extra).forEach(([key, value]) => {
    out[key] = value && typeof value === "object" ? merged(base[key] || {}, value) : value;
  });
  return out;
}
const messages = merged(await gjsLocale(), config.gjsMessages);
const preset = plugin(window["grapesjs-preset-webpage"]);

const editor = grapesjs.init({
  container: "#gjs",
  height: "100%",
  fromElement: false,
  telemetry: false,
  cssIcons: "",  // the icon font is linked by the template from /static, never a CDN
  projectData: hasProject ? project : undefined,
  components: hasProject ? undefined : html,
  style: hasProject ? undefined : css,
  i18n: {
    locale: config.lang,
    detectLocale: false,
    localeFallback: "en",
    messagesAdd: {[config.lang]: messages},
  },
  parser: {optionsHtml: {allowScripts: false, allowUnsafeAttr: false, allowUnsafeAttrValue: false}},
  deviceManager: {devices: [
    {id: "Desktop", name: "Desktop", width: ""},
    {id: "Tablet", name: "Tablet", width: "768px", widthMedia: "992px"},
    {id: "Mobile portrait", name: "Mobile portrait", width: "375px", widthMedia: "480px"},
  ]},
  storageManager: {type: "landinghub", autosave: true, autoload: false, stepsBeforeSave: 1},
  // Undo and redo take back edits, not clicks: with selections tracked, a click after a text
  // edit becomes its own step and redo can stop short of the edit.
  undoManager: {trackSelection: false},
  assetManager: {
    upload: config.api + "/assets",
    uploadName: "files[]",
    multiUpload: true,
    embedAsBase64: false,
    credentials: "same-origin",
    headers: {"X-CSRFToken": config.csrfToken},
    customFetch: uploadWithProgress,
  },
  plugins: [
    plugin(window["gjs-blocks-basic"]),
    plugin(window["grapesjs-plugin-forms"]),
    (ed) => preset(ed, {useCustomTheme: false, textCleanCanvas: text.clearCanvas}),
  ],
});

/* One set of device and undo controls: ours, in the bar. The preset's copies go, and so does
   its Import button (a download icon that opened a code box): "Download ZIP" is in the bar. */
editor.Panels.removePanel("devices-c");
["undo", "redo", "gjs-open-import-webpage"].forEach((id) => editor.Panels.removeButton("options", id));
const commandsPanel = editor.Panels.getPanel("commands");
if (commandsPanel) commandsPanel.get("buttons").reset([]);  // the preset's empty placeholder

/* GrapesJS's panel buttons are icon-only spans: give each a name and make it a button. */
function nameButtons() {
  editor.Panels.getPanels().forEach((panel) => {
    panel.get("buttons").forEach((button) => {
      const title = editor.I18n.t(`panels.buttons.titles.${button.id}`) || button.get("attributes").title || button.id;
      button.set("attributes", {...button.get("attributes"), title, "aria-label": title, role: "button", tabindex: "0"});
    });
  });
}
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if ((event.key === "Enter" || event.key === " ") && target.classList && target.classList.contains("gjs-pn-btn")) {
    event.preventDefault();
    target.click();
  }
});

/* One save at a time, each sending the editor's state when it leaves. GrapesJS drops a
   store() asked for while one is in flight, and two PATCHes in flight could land in either
   order: an edit made during a save (an undo, a redo, a keystroke) would be lost while the
   badge says "saved". So every change and every Save click during a save asks for one more
   save after it, and the badge says "saved" only when nothing is left to send. */
let saving = null;
let saveAgain = false;
function saveNow() {
  if (saving) {
    saveAgain = true;
    return saving;
  }
  setState("saving", text.saving);
  saving = api("PATCH", "", {
    project_data: editor.getProjectData(), html_content: editor.getHtml(), css_content: editor.getCss(),
  }).then(
    () => {
      saving = null;
      if (saveAgain) {
        saveAgain = false;
        return saveNow();
      }
      setState("saved", text.saved);
      showError("");
    },
    (err) => {
      saving = null;
      saveAgain = false;
      setState("error", text.saveFailed);
      showError(err.message);
      throw err;
    },
  );
  return saving;
}
editor.Storage.add("landinghub", {
  load: () => Promise.resolve(project),
  store: () => saveNow(),
});

editor.on("load", () => {
  nameButtons();
  editor.UndoManager.clear();
  fetch(config.api + "/assets", {credentials: "same-origin"}).then((r) => r.json())
    .then((data) => { editor.AssetManager.add(data.data || []); });
  setState("saved", text.saved);
});
editor.on("update", () => {
  if (saving) saveAgain = true;
  else setState("dirty", text.unsaved);
});
window.lhEditor = editor;
// Autosave runs after every change; warn only if leaving before it has landed.
window.addEventListener("beforeunload", (event) => {
  const state = stateBadge.dataset.state;
  if (state === "dirty" || state === "saving" || state === "error") { event.preventDefault(); event.returnValue = ""; }
});

document.querySelectorAll("[data-device]").forEach((button) => {
  button.addEventListener("click", () => {
    editor.setDevice(button.dataset.device);
    document.querySelectorAll("[data-device]").forEach((b) => {
      b.classList.toggle("active", b === button);
      b.setAttribute("aria-pressed", String(b === button));
    });
  });
});
document.getElementById("undo").addEventListener("click", () => editor.UndoManager.undo());
document.getElementById("redo").addEventListener("click", () => editor.UndoManager.redo());
document.getElementById("save").addEventListener("click", () => saveNow().catch(() => {}));

/* Where a new image goes with nothing selected: at the end of the page's first section (a
   starter's hero), where it shows at once; never after the footer. An empty page: its top. */
function firstSection() {
  const wrapper = editor.getWrapper();
  const section = wrapper.find("section")[0];
  if (section) return {parent: section, at: undefined};
  const top = wrapper.components().find((c) => !["footer", "nav"].includes(c.get("tagName")));
  return top && top.get("droppable") !== false && !top.is("text") && !top.is("image")
    ? {parent: top, at: undefined} : {parent: wrapper, at: 0};
}

/* "Image": replace the selected image, or place a new one after the selected element (in the
   first section when nothing is selected) once an image is chosen in the asset manager. */
document.getElementById("add-image").addEventListener("click", () => {
  const selected = editor.getSelected();
  const options = {types: ["image"], accept: "image/*"};
  if (selected && selected.is("image")) {
    editor.runCommand("core:open-assets", {...options, target: selected});
    return;
  }
  let placed = null;
  editor.runCommand("core:open-assets", {
    ...options,
    select(asset, complete) {
      const alt = (asset.get("name") || "").replace(/\.[a-z0-9]+$/i, "");
      if (placed) {
        placed.set("src", asset.getSrc());
      } else {
        const {parent, at} = selected && selected.parent()
          ? {parent: selected.parent(), at: selected.index() + 1} : firstSection();
        placed = parent.append({type: "image", src: asset.getSrc(), attributes: {alt}}, {at})[0];
        placed.addStyle({display: "block", "max-width": "100%", height: "auto", margin: "16px auto 0"});
        editor.select(placed);
        const el = placed.getEl();
        if (el) el.scrollIntoView({block: "center"});
      }
      if (complete) editor.Modal.close();
    },
  });
});

/* Download ZIP: what is saved, so land any pending change first. */
document.getElementById("download-zip").addEventListener("click", (event) => {
  if (stateBadge.dataset.state === "saved") return;
  event.preventDefault();
  const link = event.currentTarget;
  saveNow().then(() => link.click(), () => {});
});

const publishButton = document.getElementById("publish");
const openLink = document.getElementById("open-published");
const result = document.getElementById("publish-result");

function showPublished(url) {
  openLink.href = url;
  openLink.classList.remove("d-none");
  const address = document.getElementById("live-address");
  address.href = url;
  address.textContent = url;
  document.getElementById("open-live").href = url;
  result.classList.remove("d-none");
}

publishButton.addEventListener("click", async () => {
  publishButton.disabled = true;
  result.classList.add("d-none");
  setState("saving", text.publishing);
  try {
    await saveNow();
  } catch (err) {
    publishButton.disabled = false;
    return;  // the save's own error is shown
  }
  try {
    let page = await api("POST", "/deploy");
    while (page.deploy_status === "pending") {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      page = await api("GET", "");
    }
    if (page.deploy_status === "failed") throw new Error(page.deploy_error);
    showError("");
    showPublished(page.url);
    setState("saved", text.published);
  } catch (err) {
    setState("error", text.publishFailed);
    const details = (err.data && err.data.error && err.data.error.details) || {};
    let action = null;
    if (err.code === "plan_limit_reached") action = {href: details.upgrade_url || config.plansUrl, text: text.seePlans, testid: "plans-link"};
    if (err.code === "email_unverified") action = {href: details.verify_url, text: text.resendVerification, testid: "verify-email-link"};
    showError(err.message, action);
  } finally {
    publishButton.disabled = false;
  }
});

document.getElementById("copy-address").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  const url = document.getElementById("live-address").href;
  try {
    await navigator.clipboard.writeText(url);
  } catch (e) {
    const field = Object.assign(document.createElement("textarea"), {value: url});
    document.body.append(field);
    field.select();
    document.execCommand("copy");
    field.remove();
  }
  const label = button.querySelector("span");
  const before = label.textContent;
  label.textContent = text.copied;
  setTimeout(() => { label.textContent = before; }, 2000);
});
document.getElementById("publish-result-close").addEventListener("click", () => result.classList.add("d-none"));

document.getElementById("settings-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const body = {};
  new FormData(form).forEach((value, key) => { body[key] = value; });
  // An unchecked box is absent from FormData: send the switch's state either way.
  form.querySelectorAll("input[type=checkbox]").forEach((box) => { body[box.name] = box.checked; });
  form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
  api("PATCH", "", body).then((page) => {
    document.querySelector("[data-testid=builder-title]").textContent = page.title;
    openLink.href = page.url;
    const saved = document.getElementById("settings-saved");
    saved.classList.remove("d-none");
    setTimeout(() => saved.classList.add("d-none"), 2000);
  }).catch((err) => {
    const fields = (err.data && err.data.error && err.data.error.details && err.data.error.details.fields) || {};
    Object.keys(fields).forEach((name) => {
      const input = form.querySelector(`[name=${name}]`);
      if (!input) return;
      input.classList.add("is-invalid");
      input.parentElement.querySelector(".invalid-feedback").textContent = [].concat(fields[name]).join(" ");
    });
    if (!Object.keys(fields).length) showError(err.message);
  });
});
