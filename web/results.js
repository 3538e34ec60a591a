// The past-games page: /results lists finished games; /results?game=ID shows one.
// Everything a player typed goes into the page with textContent, never innerHTML.

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

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(res.status === 404 ? "not found" : `the server said ${res.status}`);
  return res.json();
}

function table(headers, rows) {
  const t = el("table");
  const head = t.createTHead().insertRow();
  for (const [text, cls] of headers) head.append(el("th", text, cls));
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
  const wrap = el("div", null, "scroll");
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
      [["Finished"], ["Pack"], ["Players", "num"], ["Winner"], [""], [""]],
      rows,
    ),
  );
}

async function showGame(id) {
  const g = await getJson(`/api/games/${encodeURIComponent(id)}`);
  app.replaceChildren();
  app.append(el("h1", g.pack.title));
  app.append(el("p", `Room ${g.code} · finished ${when(g.finishedAt)} · ${g.players.length} players`, "muted"));
  const links = el("p", null, "links");
  links.append(
    link(`/api/games/${encodeURIComponent(g.id)}/results.csv`, "Download the results (CSV)"),
    link("/results", "All past games"),
  );
  app.append(links);

  const headers = [["Rank", "num"], ["Name"], ["Score", "num"], ["Correct", "num"], ["Avg time", "num"]];
  g.questions.forEach((_, i) => headers.push([`Q${i + 1}`, "num"]));
  const rows = g.players.map((p) => [
    p.rank,
    p.name,
    p.score,
    p.correct,
    seconds(p.averageTimeMs),
    ...p.answers.map((a) => {
      if (!a) return el("span", "–", "muted");
      const letter = String.fromCharCode(65 + a.choice);
      return el("span", `${letter} ${a.points}`, a.correct ? "right" : "wrong");
    }),
  ]);
  app.append(table(headers, rows));

  app.append(el("h2", "Questions"));
  const list = el("ol", null, "questions");
  for (const q of g.questions) {
    const item = el("li");
    item.append(el("div", q.text));
    const right = q.correct.map((c) => `${String.fromCharCode(65 + c)}: ${q.choices[c]}`).join(", ");
    item.append(el("div", `Answer: ${right}`, "muted"));
    list.append(item);
  }
  app.append(list);
}

const id = new URLSearchParams(location.search).get("game");
(id ? showGame(id) : showList()).catch((e) => {
  setStatus(id ? `Cannot show that game: ${e.message}.` : `Cannot load past games: ${e.message}.`, true);
});
