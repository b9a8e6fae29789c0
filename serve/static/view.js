// view.js draws the page a table or project was printed on beside its grid,
// with pdf.js, and outlines where a cell was printed when the cell is
// hovered or clicked. Boxes are in points from the top left of the page as
// displayed (the crop box, rotated), which is what pdf.js's viewport maps to
// the canvas: a point is scale × userUnit pixels.
import * as pdfjs from "/static/pdfjs/pdf.min.mjs";

const viewer = document.getElementById("viewer");
if (viewer && viewer.dataset.kind === "pdf") {
  start(viewer).catch((e) => {
    viewer.querySelector(".status").textContent = "The page could not be drawn: " + e.message;
  });
}

async function start(viewer) {
  pdfjs.GlobalWorkerOptions.workerSrc = "/static/pdfjs/pdf.worker.min.mjs";
  const status = viewer.querySelector(".status");
  const stage = viewer.querySelector(".stage");
  const canvas = stage.querySelector("canvas");
  const box = stage.querySelector(".box");
  const pdf = await pdfjs.getDocument({
    url: viewer.dataset.src,
    cMapUrl: "/static/pdfjs/cmaps/",
    cMapPacked: true,
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
  }).promise;

  let current = 0; // the page on the canvas
  let pixels = 1; // CSS pixels per point
  let queue = Promise.resolve();
  let picked = null; // the cell clicked last

  // show draws page n, one drawing at a time.
  function show(n) {
    n = Math.min(Math.max(1, n | 0), pdf.numPages);
    queue = queue.then(() => (n === current ? null : draw(n)));
    return queue;
  }

  async function draw(n) {
    viewer.dataset.drawn = "";
    status.textContent = "Page " + n + " · drawing…";
    const page = await pdf.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const width = Math.max(stage.clientWidth, 200);
    const scale = width / base.width;
    const ratio = window.devicePixelRatio || 1;
    const vp = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(vp.width);
    canvas.height = Math.floor(vp.height);
    canvas.style.width = Math.floor(base.width * scale) + "px";
    canvas.style.height = Math.floor(base.height * scale) + "px";
    await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport: vp }).promise;
    current = n;
    pixels = scale * (page.userUnit || 1);
    box.hidden = true;
    status.textContent = "Page " + n + " of " + pdf.numPages;
    for (const b of viewer.querySelectorAll("[data-goto]")) {
      b.setAttribute("aria-current", String(Number(b.dataset.goto) === n));
    }
    for (const c of document.querySelectorAll("td[data-page]")) {
      c.classList.toggle("elsewhere", Number(c.dataset.page) !== n);
    }
    viewer.dataset.page = String(n);
    viewer.dataset.drawn = "true";
  }

  // outline draws the box "x0 y0 x1 y1" of page n.
  async function outline(n, spec) {
    const [x0, y0, x1, y1] = spec.split(" ").map(Number);
    await show(n);
    box.style.left = x0 * pixels + "px";
    box.style.top = y0 * pixels + "px";
    box.style.width = (x1 - x0) * pixels + "px";
    box.style.height = (y1 - y0) * pixels + "px";
    box.hidden = false;
    box.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function cellOf(e) {
    return e.target.closest ? e.target.closest("td[data-box]") : null;
  }
  const grid = document.getElementById("grid");
  if (grid) {
    grid.addEventListener("mouseover", (e) => {
      const c = cellOf(e);
      if (c) outline(Number(c.dataset.page), c.dataset.box);
    });
    grid.addEventListener("mouseleave", () => {
      if (picked) outline(Number(picked.dataset.page), picked.dataset.box);
      else box.hidden = true;
    });
    const pick = (c) => {
      if (picked) picked.classList.remove("picked");
      picked = c;
      c.classList.add("picked");
      outline(Number(c.dataset.page), c.dataset.box);
    };
    grid.addEventListener("click", (e) => {
      const c = cellOf(e);
      if (c) pick(c);
    });
    grid.addEventListener("keydown", (e) => {
      const c = cellOf(e);
      if (c && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        pick(c);
      }
    });
  }
  for (const b of document.querySelectorAll("[data-goto]")) {
    b.addEventListener("click", () => show(Number(b.dataset.goto)));
  }

  await show(Number(viewer.dataset.page) || 1);
  if (viewer.dataset.box) await outline(Number(viewer.dataset.page), viewer.dataset.box);
}
