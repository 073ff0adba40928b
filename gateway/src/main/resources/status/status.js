// The status page: polls /status.json (the same numbers as `kentongan status --json`) every 2 s and
// redraws. Plain JavaScript, no libraries, nothing from the internet: the post may have none. Its words
// come from the gateway's message bundles (page.js.* keys), put into the page as JSON in the chosen
// language; the numbers and states from status.json are the same in every language.
"use strict";

const POLL_MS = 2000;
const DANGER = ["life-safety", "security"];
const TEXTS = JSON.parse(document.getElementById("texts").textContent);

// A text's %s / %d / %1$s filled in order or by number, as Java's String.format does for them.
function format(text, args) {
  let i = 0;
  return text.replace(/%(?:(\d+)\$)?[sd]/g, (m, n) => String(n ? args[Number(n) - 1] : args[i++]));
}

// A text of the page's own by key (page.js.*).
function t(key, ...args) {
  const text = TEXTS["page.js." + key];
  return text === undefined ? key : format(text, args);
}

// A text shared with the command line (node.tamper, ronda.on), by its whole key.
function shared(key, ...args) {
  return TEXTS[key] === undefined ? key : format(TEXTS[key], args);
}

// A state's word (node.state.ok), or the state itself if the bundles have none.
function word(prefix, value) {
  return TEXTS[prefix + value] === undefined ? value : TEXTS[prefix + value];
}

function el(id) { return document.getElementById(id); }

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) { td.className = cls; }
  row.appendChild(td);
  return td;
}

function fill(tableId, items, draw) {
  const body = el(tableId).querySelector("tbody");
  body.replaceChildren();
  for (const item of items) {
    const tr = document.createElement("tr");
    draw(tr, item);
    body.appendChild(tr);
  }
}

function ago(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) { return s + " s"; }
  if (s < 3600) { return Math.floor(s / 60) + " min " + (s % 60) + " s"; }
  return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
}

function banner(kind, title, detail) {
  const b = el("banner");
  b.className = "banner " + kind;
  b.dataset.state = kind;
  el("banner-title").textContent = title;
  el("banner-detail").textContent = detail;
}

// The banner says the most important thing first: an alarm nobody at the centre has taken, then
// alerts the centre has, then anything else open, else all quiet.
function drawBanner(alerts) {
  const danger = alerts.filter(a => DANGER.includes(a.priority));
  const untaken = danger.filter(a => a.state !== "acknowledged");
  if (untaken.length > 0) {
    const a = untaken[untaken.length - 1];
    banner("alarm", t("banner.alarm", a.kind.toUpperCase()),
      t("banner.from-at", a.seq, a.source, clock(a.sentMillis)) + ": "
        + (a.state === "delivered" ? t("banner.not-acknowledged") : t("banner.not-sent"))
        + (untaken.length > 1 ? " (" + t("banner.open", untaken.length) + ")" : ""));
  } else if (danger.length > 0) {
    const a = danger[danger.length - 1];
    banner("acknowledged", t("banner.acknowledged", a.kind.toUpperCase()),
      t("banner.from", a.seq, a.source) + ": " + t("banner.centre-has-it"));
  } else if (alerts.length > 0) {
    const a = alerts[alerts.length - 1];
    banner("attention", t("banner.attention", a.kind.toUpperCase()), t("banner.from", a.seq, a.source));
  } else {
    banner("quiet", t("banner.quiet"), t("banner.no-alerts"));
  }
}

function draw(body) {
  const s = body.status;
  const post = s.post || {};
  el("post").textContent = (post.name || "") + " (" + post.village + "/" + post.id + "), "
    + (s.mode === "simulation" ? t("post.simulation") : t("post.live")) + ", " + t("post.last-event", s.lastSeq);

  const alerts = s.alerts || [];
  drawBanner(alerts);
  fill("alerts", alerts, (tr, a) => {
    cell(tr, "#" + a.seq);
    cell(tr, a.kind + " (" + a.priority + ") " + clock(a.sentMillis), DANGER.includes(a.priority) ? "bad" : "");
    cell(tr, a.source);
    cell(tr, word("alert.state.", a.state), a.state === "acknowledged" ? "good" : "bad");
    cell(tr, word("alert.sound.", a.sounding));
  });
  el("no-alerts").hidden = alerts.length > 0;

  fill("outputs", s.outputs || [], (tr, o) => {
    cell(tr, o.id);
    cell(tr, o.role);
    cell(tr, o.on ? t("output.on") : t("output.off"), o.on ? "on" : "");
    cell(tr, o.pattern ? t("output.playing", o.pattern, o.alertSeq, ago(o.remainingMillis)) : "");
  });

  drawSupervision(s.supervision, s.selfTestRecord || []);

  const u = s.uplink || {};
  el("uplink").textContent = u.connected
    ? t("uplink.connected", u.broker, u.published, u.acked, u.reconnects)
    : t("uplink.down") + (u.lastError ? ": " + u.lastError : "") + ". " + t("uplink.waiting");
  el("uplink").className = u.connected ? "good" : "bad";
  const q = s.queue || {};
  const owed = Object.entries(q.owedByClass || {}).map(([k, v]) => k + " " + v).join(", ");
  el("queue").textContent = t("queue", owed || t("queue.nothing"), q.inbox, q.inboxRefused);

  const nodes = s.nodes || [];
  el("nodes-section").hidden = nodes.length === 0;
  fill("nodes", nodes, (tr, n) => {
    cell(tr, n.id);
    cell(tr, n.zone);
    cell(tr, word("node.state.", n.state) + (n.batteryLow ? ", " + shared("node.battery-low") : "")
      + (n.tamper ? ", " + shared("node.tamper") : ""),
      n.state === "ok" && !n.batteryLow && !n.tamper ? "good" : "bad");
    cell(tr, n.state === "never-seen" ? t("node.never", ago(n.lastSeenMillisAgo)) : t("node.ago", ago(n.lastSeenMillisAgo)));
  });

  drawRonda(s.ronda, s.cardReader);
  drawSms(s.sms);
  drawReports(s.reports || [], (s.sms || {}).held || []);

  el("health").textContent = body.healthy ? t("health.ok") : t("health.problem", body.problems.join("; "));
  el("health").className = body.healthy ? "good" : "bad";
  el("updated").textContent = t("updated", clock(Date.now()));
}

// the post's own supervision (#16): each supervised siren's circuit, the power, the self-tests' record
function drawSupervision(sv, record) {
  el("supervision-section").hidden = !sv;
  if (!sv) { return; }
  fill("supervised", sv.outputs || [], (tr, o) => {
    cell(tr, o.output);
    cell(tr, o.state === "ok" ? t("supervision.ok") : t("supervision.faulty", word("supervision.why.", o.why)),
      o.state === "ok" ? "good" : "bad");
    cell(tr, String(o.faults));
  });
  const p = sv.power || {};
  el("power").textContent = p.mains === "unwired" ? "" : (p.mains === "present" ? t("supervision.mains-present")
    : t("supervision.mains-lost")) + (p.batteryLow ? t("supervision.battery-low") : "")
    + (p.batteryCritical ? t("supervision.battery-critical") : "") + ".";
  el("power").className = p.mains === "lost" || p.batteryLow ? "bad" : "good";
  fill("selftests", sv.tests || [], (tr, x) => {
    cell(tr, x.name + " (" + x.method + ")");
    cell(tr, x.schedule);
    cell(tr, x.last ? t("selftest.last", word("supervision.result.", x.last), x.lastSlot) : t("selftest.never"),
      x.last === "failed" ? "bad" : x.last ? "good" : "");
    cell(tr, x.nextSlot + (x.state === "waiting" ? "" : ", " + word("supervision.test-state.", x.state).toUpperCase()),
      x.state === "postponed" ? "bad" : "");
  });
  fill("selftest-record", record, (tr, r) => {
    cell(tr, "#" + r.seq);
    cell(tr, r.test);
    cell(tr, r.slot === "now" ? t("selftest.asked") : r.slot);
    cell(tr, word("supervision.result.", r.result) + (r.failed > 0 ? t("selftest.failed-sirens", r.failed) : ""),
      r.result === "passed" ? "good" : r.result === "failed" ? "bad" : "");
    cell(tr, clock(r.sentMillis));
  });
}

// the night watch (#14): the shift, tonight's roster, who is on, each checkpoint's round, the card reader at
// the post; in the words `kentongan ronda` uses (ronda.*); guards by short name only, never a card's UID
function drawRonda(r, reader) {
  const on = !!(r && r.watched);
  el("ronda-section").hidden = !on;
  if (!on) { return; }
  el("ronda").textContent = (r.shift || shared("ronda.no-shift")) + (r.judged ? "" : " · " + shared("ronda.not-judged"))
    + ". " + shared("ronda.roster", r.night, r.roster.length ? r.roster.join(", ") : shared("ronda.roster.nobody")) + ".";
  el("ronda").className = r.judged ? "" : "bad";
  el("ronda-on").textContent = shared("ronda.on", r.on.length
    ? r.on.map(g => shared("ronda.on.guard", g.guard, clock(g.sinceMillis))).join(", ") : shared("ronda.on.nobody"))
    + (r.unmanned ? " · " + shared("ronda.unmanned") : "");
  el("ronda-on").className = r.unmanned ? "bad" : (r.on.length ? "good" : "");
  fill("ronda-checkpoints", r.checkpoints, (tr, c) => {
    cell(tr, c.id);
    cell(tr, c.place + " (" + c.zone + ")");
    cell(tr, c.lastVisitMillis < 0 ? shared("ronda.checkpoint.never")
      : shared("ronda.checkpoint.last", clock(c.lastVisitMillis), c.lastGuard));
    cell(tr, String(c.visits));
    cell(tr, c.missed ? shared("ronda.checkpoint.missed") : !c.due ? shared("ronda.checkpoint.idle")
      : c.dueInMillis < 0 ? shared("ronda.checkpoint.overdue", ago(-c.dueInMillis))
      : shared("ronda.checkpoint.due-in", ago(c.dueInMillis)), c.missed || (c.due && c.dueInMillis < 0) ? "bad" : "good");
  });
  el("ronda-reader").hidden = !reader;
  if (!reader) { return; }
  const refused = Object.entries(reader.refused || {}).filter(([, n]) => n > 0).map(([why, n]) => n + " " + why).join(", ");
  el("ronda-reader").textContent = shared("ronda.reader", reader.state === "ready"
    ? shared("ronda.reader.ready", reader.reader) : shared("ronda.reader.not-ready", reader.problem),
    refused ? shared("ronda.reader.refused", refused) : "");
  el("ronda-reader").className = reader.state === "ready" ? "good" : "bad";
}

// SMS: messages by fate and the modems; numbers never reach this page, only counts
function drawSms(sms) {
  const on = !!(sms && sms.messages);
  el("sms-section").hidden = !on;
  if (!on) { return; }
  const m = sms.messages;
  el("sms").textContent = t("sms", m.queued, m.handed, m.sent, m.failed, m.cancelled, sms.received);
  el("sms").className = m.failed > 0 ? "bad" : "";
  fill("modems", sms.modems || [], (tr, d) => {
    cell(tr, d.id);
    cell(tr, String(d.waiting));
    const stuck = d.stuck;
    cell(tr, stuck ? t("modem.stuck", ago(d.stuckMillis)) : t("modem.moving"), stuck ? "bad" : "good");
    cell(tr, d.lastError || "");
  });
}

// residents' reports by SMS, waiting for the guard; held ones come from numbers not in the register
function drawReports(reports, held) {
  el("reports-section").hidden = reports.length === 0 && held.length === 0;
  fill("reports", reports, (tr, r) => {
    cell(tr, "#" + r.seq);
    cell(tr, r.kind + " " + clock(r.sentMillis), "bad");
    cell(tr, r.zone);
    cell(tr, r.reporter);
    cell(tr, r.words || "");
  });
  el("held").textContent = held.length === 0 ? "" : t("held")
    + " " + held.map(h => h.from + " \u201c" + h.words + "\u201d").join("; ");
}

async function poll() {
  try {
    const r = await fetch("status.json", { cache: "no-store" });
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    draw(await r.json());
  } catch (e) {
    banner("unknown", t("banner.no-answer"), t("banner.no-answer.detail", e.message));
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

poll();
