// The past-games page: /results lists finished games; /results?game=ID shows one.
// /result?game=ID is a player's own view: the game read with their player token.
// Everything a player typed goes into the page with textContent, never innerHTML.

import { questionStats, hardest as hardestOf, answerText } from "/js/stats.js";

const app = document.getElementById("app");

/** Makes an element with optional text and class. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function link(href, text) {
  const a = el("a", text);
  a.href = href;
  return a;
}

function when(ms) {
  return ms ? new Date(ms).toLocaleString() : "";
}

function seconds(ms) {
  return ms === null || ms === undefined ? "" : (ms / 1000).toFixed(2) + " s";
}

function setStatus(text, isError) {
  let status = document.getElementById("status");
  if (!status) {
    status = el("p");
    status.id = "status";
    app.append(status);
  }
  status.textContent = text;
  status.className = isError ? "error" : "muted";
}

/** On /result, the token this phone played the game with (kept by player.js). */
function playerToken(id) {
  try {
    return JSON.parse(localStorage.getItem("quiznight.player.results") || "{}")[id] || null;
  } catch {
    return null;
  }
}
const PLAYER_VIEW = location.pathname === "/result";

async function getJson(url, token) {
  const res = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (!res.ok) throw new Error(res.status === 404 ? "not found" : `the server said ${res.status}`);
  return res.json();
}

function table(headers, rows, label) {
  const t = el("table");
  const head = t.createTHead().insertRow();
  for (const [text, cls] of headers) {
    const th = el("th", null, cls);
    // A column of links still gets a header for screen readers, hidden on screen.
    if (cls === "link") th.append(el("span", text, "visually-hidden"));
    else th.textContent = text;
    th.scope = "col";
    head.append(th);
  }
  const body = t.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    cells.forEach((cell, i) => {
      const td = el("td", null, headers[i][1]);
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell ?? "";
      row.append(td);
    });
  }
  // A table wider than a phone scrolls sideways: keyboard users reach it by Tab.
  const wrap = el("div", null, "scroll");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", label);
  wrap.append(t);
  return wrap;
}

async function showList() {
  const games = await getJson("/api/games");
  document.getElementById("status").remove();
  if (games.length === 0) {
    app.append(el("p", "No finished games yet. Host one, play it to the end, and it shows up here."));
    return;
  }
  const rows = games.map((g) => [
    when(g.finishedAt),
    g.pack.title,
    g.players,
    g.winner ?? "",
    link(`/results?game=${encodeURIComponent(g.id)}`, "Details"),
    link(`/api/games/${encodeURIComponent(g.id)}/results.csv`, "CSV"),
  ]);
  app.append(
    table(
      [["Finished"], ["Pack"], ["Players", "num"], ["Winner"], ["Details", "link"], ["Download", "link"]],
      rows,
      "Past games",
    ),
  );
}

function shareLine(s) {
  const line = el("div", null, "share");
  const bar = el("span", null, "share-bar");
  const fill = el("span");
  fill.style.width = `${s.share}%`;
  bar.append(fill);
  bar.setAttribute("aria-hidden", "true");
  const missed = s.players - s.answered;
  line.append(
    el("span", `${s.share}%`, "share-figure"),
    bar,
    el("span", `${s.right} of ${s.players} right${missed ? ` · ${missed} no answer` : ""}`, "muted"),
  );
  return line;
}

async function showGame(id) {
  let g;
  if (PLAYER_VIEW) {
    const token = playerToken(id);
    if (!token) throw new Error("this phone did not play that game");
    g = await getJson(`/api/games/${encodeURIComponent(id)}/mine`, token);
  } else {
    g = await getJson(`/api/games/${encodeURIComponent(id)}`);
  }
  app.replaceChildren();
  const title = el("h1", g.pack.title);
  title.dir = "auto";
  app.append(title);
  app.append(el("p", `Room ${g.code} · finished ${when(g.finishedAt)} · ${g.playerCount} players`, "muted"));
  const links = el("p", null, "links");
  const print = el("button", "Print", "print-button");
  print.type = "button";
  print.dataset.testid = "print";
  print.addEventListener("click", () => window.print());
  if (PLAYER_VIEW) links.append(print, link("/", "Join another game"));
  else {
    links.append(
      print,
      link(`/api/games/${encodeURIComponent(g.id)}/results.csv`, "Download the results (CSV)"),
      link("/results", "All past games"),
    );
  }
  app.append(links);

  const stats = questionStats(g);
  if (stats.length > 0 && g.playerCount > 0) {
    const hardest = hardestOf(stats, 3);
    app.append(el("h2", "Hardest questions"));
    const list = el("ol", null, "questions hardest");
    list.dataset.testid = "hardest";
    for (const s of hardest) {
      const item = el("li");
      const text = el("div", `Q${s.index + 1}. ${s.question.text}`, "q-line");
      text.dir = "auto";
      item.append(text, shareLine(s));
      list.append(item);
    }
    app.append(list);
  }

  app.append(el("h2", PLAYER_VIEW ? "Your answers" : "Players"));
  const headers = [["Rank", "num"], ["Name"], ["Score", "num"], ["Correct", "num"], ["Avg time", "num"]];
  g.questions.forEach((_, i) => headers.push([`Q${i + 1}`, "num"]));
  const rows = g.players.map((p) => {
    const name = el("span", p.name);
    name.dir = "auto";
    return [
      p.rank,
      name,
      p.score,
      p.correct,
      seconds(p.averageTimeMs),
      ...p.answers.map((a) => {
        if (!a) return el("span", "–", "muted");
        const letter = String.fromCharCode(65 + a.choice);
        return el("span", `${letter} ${a.points}`, a.correct ? "right" : "wrong");
      }),
    ];
  });
  app.append(table(headers, rows, PLAYER_VIEW ? "Your answers" : "Players"));

  app.append(el("h2", "Questions"));
  const list = el("ol", null, "questions");
  list.dataset.testid = "question-stats";
  for (const s of stats) {
    const item = el("li");
    const text = el("div", s.question.text, "q-line");
    text.dir = "auto";
    const answer = el("div", `Answer: ${answerText(s.question)}`, "muted");
    answer.dir = "auto";
    item.append(text, answer, shareLine(s));
    list.append(item);
  }
  app.append(list);
}

const id = new URLSearchParams(location.search).get("game");
// A player sees only their game: the host's links lead nowhere for them.
if (PLAYER_VIEW) document.querySelector(".results-nav").hidden = true;
if (PLAYER_VIEW && !id) {
  setStatus("Open your result with the link on your phone's last screen.", true);
} else {
  (id ? showGame(id) : showList()).catch((e) => {
    setStatus(id ? `Cannot show that game: ${e.message}.` : `Cannot load past games: ${e.message}.`, true);
  });
}
