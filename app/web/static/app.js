/* Makes the survey forms quicker; the pages work without it.
 * - conditions apply as you type (the same condition trees the server evaluates, and the same
 *   null rules: unanswered or hidden questions are null, comparisons with null are false);
 * - the draft autosaves on change, through the same save and revision rule as the API;
 * - a save that meets a newer revision shows what differs: keep mine, or take theirs;
 * - unsaved answers are kept in this browser when offline or signed out, and saved later;
 * - leaving with unsaved changes warns.
 */
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) return;
  function json(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  var model = json("tns-model"), saved = json("tns-answers") || {}, strings = json("tns-strings") || {};
  Object.keys(model.questions).forEach(function (id) {  /* the server leaves out empty keys */
    var q = model.questions[id];
    ["scope", "options", "children", "rows"].forEach(function (k) { q[k] = q[k] || []; });
  });
  var statusEl = form.querySelector(".autosave-status");
  var revisionEl = form.querySelector("input[name=revision]");
  var storeKey = "tns-unsaved:" + location.pathname + location.search;  /* one loop iteration per page */
  var dirty = false, saving = false, again = false, timer = null, leaving = false, pendingSubmit = null;

  /* ---- reading the form: the same field names as app/web/fields.py ---- */
  function field(name) { return form.elements.namedItem(name); }
  function valueOf(q, name) {
    var t = q.type, el;
    if (t === "multiple_choice") {
      var out = [];
      form.querySelectorAll('input[name="' + CSS.escape(name) + '"]').forEach(function (i) { if (i.checked) out.push(i.value); });
      return out.length ? out : null;
    }
    if (t === "ranking") {
      var ranked = [];
      q.options.forEach(function (o) {
        var s = field(name + ".rank." + o.code);
        if (s && /^\d+$/.test(s.value)) ranked.push([parseInt(s.value, 10), o.code]);
      });
      ranked.sort(function (a, b) { return a[0] - b[0]; });
      return ranked.length ? ranked.map(function (r) { return r[1]; }) : null;
    }
    if (t === "matrix") {
      var cells = {}, any = false;
      q.rows.forEach(function (r) {
        var c = form.querySelector('input[name="' + CSS.escape(name + "." + r) + '"]:checked');
        if (c) { cells[r] = c.value; any = true; }
      });
      return any ? cells : null;
    }
    if (t === "yes_no" || t === "single_choice" || t === "rating") {
      var checked = form.querySelector('input[name="' + CSS.escape(name) + '"]:checked');
      el = checked || field(name);
      if (!el || el.type === "radio" || !el.value) return checked ? (t === "yes_no" ? checked.value === "true" : checked.value) : null;
      return el.value;
    }
    el = field(name);
    if (!el || el.value.trim() === "") return null;
    if (t === "integer" || t === "decimal") { var n = Number(el.value.replace(/\s/g, "")); return isNaN(n) ? el.value : n; }
    return el.value.trim();
  }
  function readLevel(ids, prefix, before) {
    var out = Object.assign({}, before || {});
    ids.forEach(function (qid) {
      var q = model.questions[qid], name = prefix.concat([qid]).join(".");
      if (q.type === "note") return;
      if (q.type === "loop") {
        var its = Object.assign({}, out[qid] || {});
        (model.loop_codes[qid] || []).forEach(function (code) {
          if (!form.querySelector('[data-loop="' + qid + '"][data-code="' + code + '"]')) return;
          var it = readLevel(q.children, prefix.concat([qid, code]), its[code]);
          if (Object.keys(it).length) its[code] = it; else delete its[code];
        });
        set(out, qid, Object.keys(its).length ? its : null);
        return;
      }
      if (q.type === "table") {
        var count = field(name + ".rows"), rows = [];
        for (var i = 0; count && i < parseInt(count.value, 10); i++) rows.push(readLevel(q.children, prefix.concat([qid, String(i)]), (out[qid] || [])[i]));
        set(out, qid, rows.length ? rows : null);
        return;
      }
      if (!form.querySelector('[name^="' + CSS.escape(name) + '"]')) return;
      set(out, qid, valueOf(q, name));
      if (q.other) { var o = field(name + "_other"); set(out, qid + "_other", o && o.value.trim() ? o.value.trim() : null); }
    });
    return out;
  }
  function set(obj, key, value) { if (value === null || value === undefined) delete obj[key]; else obj[key] = value; }
  function current() { return readLevel(model.sections[form.dataset.section].questions, [], saved); }

  /* ---- the evaluator: a mirror of app/compiler/validate.py's Evaluator ---- */
  function Evaluator(answers) { this.a = answers; this.vis = {}; this.val = {}; }
  Evaluator.prototype.container = function (frames) {
    var node = this.a;
    frames.forEach(function (f) { node = node && node[f[0]]; node = node && node[f[1]]; });
    return node && typeof node === "object" && !Array.isArray(node) ? node : {};
  };
  Evaluator.prototype.sectionVisible = function (id) {
    var s = model.sections[id];
    return !s.show_if || truthy(this.eval(s.show_if, [], {}));
  };
  Evaluator.prototype.visible = function (qid, frames) {
    var q = model.questions[qid]; frames = frames.slice(0, q.scope.length);
    var key = qid + JSON.stringify(frames);
    if (key in this.vis) return this.vis[key];
    this.vis[key] = false;
    var shown = this.sectionVisible(q.section);
    if (shown && q.scope.length) {
      var parent = model.questions[q.scope[q.scope.length - 1]];
      shown = this.visible(parent.id, frames.slice(0, -1));
      if (shown && parent.over) {
        var selected = this.value(parent.over, frames.slice(0, -1)) || [], code = frames[frames.length - 1][1];
        shown = selected.indexOf(code) >= 0 && (model.loop_codes[parent.id] || []).indexOf(code) >= 0;
      }
    }
    if (shown && q.show_if) shown = truthy(this.eval(q.show_if, frames, {}));
    return (this.vis[key] = shown);
  };
  Evaluator.prototype.value = function (qid, frames) {
    var q = model.questions[qid]; frames = frames.slice(0, q.scope.length);
    var key = qid + JSON.stringify(frames);
    if (key in this.val) return this.val[key];
    this.val[key] = null;
    var v = this.visible(qid, frames) ? typed(q, this.container(frames)[qid]) : null;
    if (v && q.type === "loop") {
      var sel = this.value(q.over, frames) || [], codes = model.loop_codes[qid] || [], kept = {};
      Object.keys(v).forEach(function (k) { if (sel.indexOf(k) >= 0 && codes.indexOf(k) >= 0) kept[k] = v[k]; });
      v = kept;
    }
    return (this.val[key] = v);
  };
  Evaluator.prototype.available = function (q, frames, code) {
    var o = q.options.filter(function (x) { return x.code === code; })[0];
    if (o && o.show_if && !truthy(this.eval(o.show_if, frames, {}))) return false;
    return !q.choice_filter || truthy(this.eval(q.choice_filter, frames, { option: code }));
  };
  Evaluator.prototype.eval = function (n, frames, env) {
    var self = this;
    function ev(x) { return self.eval(x, frames, env); }
    if ("lit" in n) return n.lit;
    if ("list" in n) return n.list;
    if ("self" in n) return env.self === undefined ? null : env.self;
    if ("name" in n) {
      if (n.name === "option") return env.option === undefined ? null : env.option;
      if (n.name === "item") {
        for (var i = frames.length - 1; i >= 0; i--) if (model.questions[frames[i][0]].type === "loop") return frames[i][1];
        return null;
      }
      return this.value(n.name, frames);
    }
    if ("call" in n) return call(n.call, n.args.map(ev), n.args, this, frames);
    var a = ev(n.a);
    if (n.op === "not") return !truthy(a);
    if (n.op === "neg") return a === null ? null : -a;
    if (n.op === "and") return truthy(a) && truthy(ev(n.b));
    if (n.op === "or") return truthy(a) || truthy(ev(n.b));
    var b = ev(n.b);
    switch (n.op) {
      case "==": return a === null || b === null ? a === null && b === null : eq(a, b);
      case "!=": return a === null || b === null ? (a === null) !== (b === null) : !eq(a, b);
      case "<": return a !== null && b !== null && a < b;
      case "<=": return a !== null && b !== null && a <= b;
      case ">": return a !== null && b !== null && a > b;
      case ">=": return a !== null && b !== null && a >= b;
      case "+": return a === null || b === null ? null : a + b;
      case "-": return a === null || b === null ? null : a - b;
      case "*": return a === null || b === null ? null : a * b;
      case "/": return a === null || b === null || b === 0 ? null : a / b;
      case "in": return a !== null && b !== null && b.indexOf(a) >= 0;
    }
    return null;
  };
  function call(name, args) {
    var v = args[0];
    switch (name) {
      case "today": return new Date().toISOString().slice(0, 10);
      case "len": return (v || "").length;
      case "count": return v === null ? 0 : Array.isArray(v) ? v.length : Object.keys(v).length;
      case "answered": return !(v === null || v === "" || (Array.isArray(v) && !v.length) || (typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length));
      case "selected": return v !== null && (Array.isArray(v) ? v.indexOf(args[1]) >= 0 : v === args[1]);
      case "position": return v && v.indexOf(args[1]) >= 0 ? v.indexOf(args[1]) + 1 : null;
      case "sum": return args.reduce(function (s, x) { return x === null ? s : s + x; }, 0);
    }
    return null;
  }
  function eq(a, b) { return a === b; }
  function truthy(v) { return v === true || (v !== null && v !== false && v !== undefined && v !== 0 && v !== ""); }
  function typed(q, raw) {
    if (raw === undefined || raw === null || raw === "") return null;
    var t = q.type;
    if (t === "integer" || t === "decimal") return typeof raw === "number" && isFinite(raw) ? raw : null;
    if (t === "yes_no") return typeof raw === "boolean" ? raw : null;
    if (t === "multiple_choice" || t === "ranking" || t === "table") return Array.isArray(raw) ? raw : null;
    if (t === "matrix" || t === "loop") return typeof raw === "object" && !Array.isArray(raw) ? raw : null;
    if (t === "date") return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
    return typeof raw === "string" ? raw : null;
  }

  /* ---- showing and hiding ---- */
  function apply() {
    var ev = new Evaluator(current());
    form.querySelectorAll("[data-q]").forEach(function (w) {
      var frames = JSON.parse(w.dataset.frames || "[]"), q = model.questions[w.dataset.q];
      w.hidden = !ev.visible(q.id, frames);
      w.querySelectorAll(":scope [data-option]").forEach(function (o) {
        if (o.closest("[data-q]") !== w) return;
        var ok = ev.available(q, frames, o.dataset.option);
        o.hidden = !ok;
        if (o.tagName === "OPTION") o.disabled = !ok;
      });
      var other = w.querySelector(":scope > fieldset > .other, :scope > .other");
      if (other && q.other) {
        var chosen = valueOf(q, w.dataset.name);
        other.hidden = !(chosen === q.other || (Array.isArray(chosen) && chosen.indexOf(q.other) >= 0));
      }
    });
    form.querySelectorAll("[data-loop]").forEach(function (it) {
      it.hidden = !ev.visible(model.questions[it.dataset.loop].children[0], JSON.parse(it.dataset.frames));
    });
  }

  /* ---- exclusive options ("none of these") ---- */
  form.addEventListener("change", function (e) {
    var box = e.target;
    if (box.type !== "checkbox" || !box.checked) return;
    var group = form.querySelectorAll('input[type=checkbox][name="' + CSS.escape(box.name) + '"]');
    var exclusive = box.closest("[data-exclusive]");
    group.forEach(function (other) {
      if (other !== box && (exclusive || other.closest("[data-exclusive]"))) other.checked = false;
    });
  });

  /* ---- autosave ---- */
  function say(text) { if (statusEl) statusEl.textContent = text || ""; }
  function remember() {  /* with the revision the answers were typed on: restoring them is a save against it */
    var kept = { revision: revisionEl.value, fields: Array.from(new FormData(form).entries()) };
    try { localStorage.setItem(storeKey, JSON.stringify(kept)); } catch (e) { /* private mode */ }
  }
  function forget() { try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ } }
  function schedule(delay) { dirty = true; clearTimeout(timer); timer = setTimeout(save, delay); }
  function save(revision) {
    if (saving) { again = true; return; }
    saving = true; again = false; say(strings.saving);
    var data = new FormData(form);
    if (revision !== undefined) data.set("revision", String(revision));
    fetch(form.dataset.autosave, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": data.get("csrf") }
    }).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; });
    }, function () {
      return { status: 0, body: {} };  /* the network, not the answer: keep it and try again later */
    }).then(function (res) {
      saving = false;
      clearErrors();
      if (res.status === 200) {
        revisionEl.value = res.body.revision; saved = current(); dirty = again; forget(); say(strings.saved);
        if (pendingSubmit) {
          var button = pendingSubmit; pendingSubmit = null; leaving = true; forget();
          if (button === form) form.requestSubmit(); else form.requestSubmit(button);
        }
        else if (again) save();
      } else if (res.status === 409 && res.body.differences) {
        pendingSubmit = null; say(strings.conflict); conflict(res.body);
      } else if (res.status === 401) {
        pendingSubmit = null; remember(); say(strings.signin);
      } else if (res.status === 0) {
        pendingSubmit = null; remember(); say(strings.offline);
      } else {
        pendingSubmit = null; showErrors(res.body.errors || []); say(strings.failed);
      }
    });
  }
  function clearErrors() {
    form.querySelectorAll(".js-error").forEach(function (e) { e.remove(); });
    form.querySelectorAll("[data-js-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); e.removeAttribute("data-js-invalid"); });
  }
  function showErrors(errors) {
    errors.forEach(function (err) {
      var id = "f-" + err.loc.join("-"), el = document.getElementById(id), wrap = document.getElementById(id + "-wrap");
      if (!el) return;
      var p = document.createElement("p");
      p.className = "error-message js-error"; p.id = id + "-js-error"; p.textContent = err.msg;
      var before = (wrap && wrap.querySelector(".input-row, .choices, input, select, textarea, .matrix")) || el;
      before.parentNode.insertBefore(p, before);
      el.setAttribute("aria-invalid", "true"); el.setAttribute("data-js-invalid", "1");
      el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + p.id).trim());
    });
  }

  /* ---- a colleague saved meanwhile ---- */
  function label(loc) {
    for (var n = loc.length; n > 0; n--) {
      var w = document.getElementById("f-" + loc.slice(0, n).join("-") + "-wrap");
      var l = w && w.querySelector("label, legend");
      if (l) return l.textContent.trim();
    }
    return loc.join(" / ");
  }
  function show(v) { return v === null || v === undefined ? "—" : Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v); }
  function conflict(body) {
    var box = document.getElementById("conflict-dialog"), tbody = box.querySelector("tbody");
    tbody.textContent = "";
    body.differences.forEach(function (d) {
      var tr = document.createElement("tr");
      [label(d.loc), show(d.mine), show(d.theirs)].forEach(function (text, i) {
        var cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) cell.scope = "row"; else cell.dir = "auto";
        cell.textContent = text; tr.appendChild(cell);
      });
      tbody.appendChild(tr);
    });
    box.hidden = false; box.focus(); remember();
    box.querySelector("[data-resolve=mine]").onclick = function () { box.hidden = true; save(body.current_revision); };
    box.querySelector("[data-resolve=theirs]").onclick = function () { forget(); dirty = false; location.reload(); };
  }

  /* ---- answers kept in this browser from an earlier visit (offline, signed out) ---- */
  function restore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields) return;
    var byName = {};
    kept.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (el) {
      if (el.name === "csrf" || el.name === "revision" || !(el.name in byName)) {
        if ((el.type === "checkbox" || el.type === "radio") && !(el.name in byName)) el.checked = false;
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") el.checked = byName[el.name].indexOf(el.value) >= 0;
      else el.value = byName[el.name][0];
    });
    /* Saved against the revision they were typed on: if someone saved since, the conflict dialog
       shows both versions instead of the kept answers silently replacing theirs. */
    dirty = true;
    save(parseInt(kept.revision, 10) || 0);
  }

  form.addEventListener("change", function () { apply(); schedule(300); });
  form.addEventListener("input", function (e) { if (e.target.tagName !== "SELECT") { apply(); schedule(1500); } });
  form.addEventListener("submit", function (e) {
    if (leaving) return;
    if (saving) {  /* an autosave is on its way: let it land, then post with its revision */
      e.preventDefault(); pendingSubmit = e.submitter || form; return;
    }
    clearTimeout(timer); leaving = true; dirty = false; forget();
  });
  window.addEventListener("online", function () { if (dirty) save(); });
  window.addEventListener("beforeunload", function (e) {
    if (!leaving && (dirty || saving)) { e.preventDefault(); e.returnValue = strings.unsaved || ""; return strings.unsaved; }
  });
  restore();
  apply();
})();
