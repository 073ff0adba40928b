// The status page: polls /status.json (the same numbers as `kentongan status --json`) every 2 s and
// redraws. Plain JavaScript, no libraries, nothing from the internet: the post may have none.
"use strict";

const POLL_MS = 2000;
const DANGER = ["life-safety", "security"];

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
    banner("alarm", "ALERT · BAHAYA: " + a.kind.toUpperCase(),
      "#" + a.seq + " from " + a.source + " at " + clock(a.sentMillis)
        + (a.state === "delivered" ? ": sent, the centre has not acknowledged yet" : ": not yet sent to the centre")
        + (untaken.length > 1 ? " (" + untaken.length + " alerts open)" : ""));
  } else if (danger.length > 0) {
    const a = danger[danger.length - 1];
    banner("acknowledged", "ACKNOWLEDGED · DITERIMA: " + a.kind.toUpperCase(),
      "#" + a.seq + " from " + a.source + ": the command centre has it");
  } else if (alerts.length > 0) {
    const a = alerts[alerts.length - 1];
    banner("attention", "ATTENTION · PERHATIAN: " + a.kind.toUpperCase(), "#" + a.seq + " from " + a.source);
  } else {
    banner("quiet", "ALL QUIET · AMAN", "No open alerts.");
  }
}

function draw(body) {
  const s = body.status;
  const post = s.post || {};
  el("post").textContent = (post.name || "") + " (" + post.village + "/" + post.id + "), "
    + (s.mode === "simulation" ? "SIMULATION: no real sirens" : "live GPIO") + ", last event #" + s.lastSeq;

  const alerts = s.alerts || [];
  drawBanner(alerts);
  fill("alerts", alerts, (tr, a) => {
    cell(tr, "#" + a.seq);
    cell(tr, a.kind + " (" + a.priority + ") " + clock(a.sentMillis), DANGER.includes(a.priority) ? "bad" : "");
    cell(tr, a.source);
    cell(tr, a.state === "acknowledged" ? "acknowledged" : a.state === "delivered" ? "sent, not acknowledged"
      : "not sent yet", a.state === "acknowledged" ? "good" : "bad");
    cell(tr, a.sounding);
  });
  el("no-alerts").hidden = alerts.length > 0;

  fill("outputs", s.outputs || [], (tr, o) => {
    cell(tr, o.id);
    cell(tr, o.role);
    cell(tr, o.on ? "ON" : "off", o.on ? "on" : "");
    cell(tr, o.pattern ? o.pattern + " for #" + o.alertSeq + ", " + ago(o.remainingMillis) + " left" : "");
  });

  const u = s.uplink || {};
  el("uplink").textContent = u.connected
    ? "Connected to " + u.broker + ". Published " + u.published + ", confirmed " + u.acked
      + ", reconnects " + u.reconnects + "."
    : "DOWN" + (u.lastError ? ": " + u.lastError : "") + ". Alerts wait in the journal and go out when it is back.";
  el("uplink").className = u.connected ? "good" : "bad";
  const q = s.queue || {};
  const owed = Object.entries(q.owedByClass || {}).map(([k, v]) => k + " " + v).join(", ");
  el("queue").textContent = "Waiting to be sent: " + (owed || "nothing") + ". Inbox " + q.inbox
    + " queued, " + q.inboxRefused + " refused.";

  const nodes = s.nodes || [];
  el("nodes-section").hidden = nodes.length === 0;
  fill("nodes", nodes, (tr, n) => {
    cell(tr, n.id);
    cell(tr, n.zone);
    cell(tr, n.state + (n.batteryLow ? ", BATTERY LOW" : "") + (n.tamper ? ", TAMPER" : ""),
      n.state === "ok" && !n.batteryLow && !n.tamper ? "good" : "bad");
    cell(tr, n.state === "never-seen" ? "never (" + ago(n.lastSeenMillisAgo) + " since start)"
      : ago(n.lastSeenMillisAgo) + " ago");
  });

  drawRonda(s.ronda);
  drawSms(s.sms);
  drawReports(s.reports || [], (s.sms || {}).held || []);

  el("health").textContent = body.healthy ? "OK: the loop answers and the journal writes."
    : "PROBLEM: " + body.problems.join("; ");
  el("health").className = body.healthy ? "good" : "bad";
  el("updated").textContent = "Updated " + clock(Date.now()) + ".";
}

// the night watch (#14): the shift, tonight's roster, who is on, each checkpoint's round; guards by short name only
const RONDA = {
  noShift: "Tidak ada giliran jaga · no shift under way", notJudged: " · TIDAK DINILAI: jam pos belum tepercaya · NOT JUDGED: clock not trusted",
  roster: "Jadwal malam · roster ", nobody: "(tidak ada · nobody)", on: "Bertugas · on watch: ", since: " sejak ",
  nobodyOn: "belum ada petugas · nobody signed on", unmanned: " · POS KOSONG · POST UNMANNED",
  never: "belum · not yet", by: " oleh ", missed: "TERLEWAT · MISSED", overdue: "TERLAMBAT · OVERDUE ",
  dueIn: "batas dalam · due in ", idle: "tidak dihitung · not timed"
};
function drawRonda(r) {
  const on = !!(r && r.watched);
  el("ronda-section").hidden = !on;
  if (!on) { return; }
  el("ronda").textContent = (r.shift || RONDA.noShift) + (r.judged ? "" : RONDA.notJudged) + ". " + RONDA.roster
    + r.night + ": " + (r.roster.length ? r.roster.join(", ") : RONDA.nobody) + ".";
  el("ronda").className = r.judged ? "" : "bad";
  el("ronda-on").textContent = (r.on.length ? RONDA.on + r.on.map(g => g.guard + RONDA.since + clock(g.sinceMillis)).join(", ")
    : RONDA.nobodyOn) + (r.unmanned ? RONDA.unmanned : "");
  el("ronda-on").className = r.unmanned ? "bad" : (r.on.length ? "good" : "");
  fill("ronda-checkpoints", r.checkpoints, (tr, c) => {
    cell(tr, c.id);
    cell(tr, c.place + " (" + c.zone + ")");
    cell(tr, c.lastVisitMillis < 0 ? RONDA.never : clock(c.lastVisitMillis) + RONDA.by + c.lastGuard);
    cell(tr, String(c.visits));
    cell(tr, c.missed ? RONDA.missed : !c.due ? RONDA.idle : c.dueInMillis < 0 ? RONDA.overdue + ago(-c.dueInMillis)
      : RONDA.dueIn + ago(c.dueInMillis), c.missed || (c.due && c.dueInMillis < 0) ? "bad" : "good");
  });
}

// SMS: messages by fate and the modems; numbers never reach this page, only counts
function drawSms(sms) {
  const on = !!(sms && sms.messages);
  el("sms-section").hidden = !on;
  if (!on) { return; }
  const m = sms.messages;
  el("sms").textContent = "Queued " + m.queued + ", handed to a modem " + m.handed + ", sent " + m.sent
    + ", failed " + m.failed + ", cancelled " + m.cancelled + ". Received " + sms.received + ".";
  el("sms").className = m.failed > 0 ? "bad" : "";
  fill("modems", sms.modems || [], (tr, d) => {
    cell(tr, d.id);
    cell(tr, String(d.waiting));
    const stuck = d.stuckMillis >= 60000;
    cell(tr, stuck ? "STUCK for " + ago(d.stuckMillis) + ": is gammu-smsd running?" : "moving", stuck ? "bad" : "good");
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
  el("held").textContent = held.length === 0 ? "" : "Held, from numbers not in the register (call them back): "
    + held.map(h => h.from + " \u201c" + h.words + "\u201d").join("; ");
}

async function poll() {
  try {
    const r = await fetch("status.json", { cache: "no-store" });
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    draw(await r.json());
  } catch (e) {
    banner("unknown", "NO ANSWER FROM THE GATEWAY", "Tidak ada jawaban. Check that the service runs (" + e.message + ").");
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

poll();
