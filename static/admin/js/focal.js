// A photo's page in the library: a click on the photo (or the arrow keys on it) sets the focal
// point, filling the two number inputs that the form saves (they work without this script);
// the crops below then preview where 16:9, 4:3 and 1:1 would cut the photo, as the server
// cuts them (images/processing.py, crop_box).
(function () {
  "use strict";

  var frame = document.querySelector("[data-focal-frame]");
  var inputX = document.getElementById("id_focal_x");
  var inputY = document.getElementById("id_focal_y");
  if (!frame || !inputX || !inputY) { return; }
  var photo = frame.querySelector("img");
  var marker = frame.querySelector(".focal-marker");
  var width = parseInt(frame.dataset.width, 10);
  var height = parseInt(frame.dataset.height, 10);
  var state = document.querySelector(".photo-crops-state");
  var crops = Array.prototype.slice.call(document.querySelectorAll("[data-crop]"));
  var STEP = 0.02;
  var stored = [inputX.value, inputY.value];

  function clamp(value) {
    var number = parseFloat(value);
    return isNaN(number) ? 0.5 : Math.min(1, Math.max(0, number));
  }

  // Where a crop of `ratio` starts, as CSS object-position percentages.
  function position(ratio, fx, fy) {
    var boxW = width, boxH = Math.round(width * ratio[1] / ratio[0]);
    if (boxH > height) { boxW = Math.round(height * ratio[0] / ratio[1]); boxH = height; }
    var left = Math.min(Math.max(Math.round(fx * width - boxW / 2), 0), width - boxW);
    var top = Math.min(Math.max(Math.round(fy * height - boxH / 2), 0), height - boxH);
    var px = width > boxW ? left / (width - boxW) * 100 : 50;
    var py = height > boxH ? top / (height - boxH) * 100 : 50;
    return px.toFixed(1) + "% " + py.toFixed(1) + "%";
  }

  function show() {
    var fx = clamp(inputX.value), fy = clamp(inputY.value);
    marker.hidden = false;
    marker.style.left = (fx * 100) + "%";
    marker.style.top = (fy * 100) + "%";
    frame.setAttribute("aria-label", "Focal point " + Math.round(fx * 100) + "% across, " +
      Math.round(fy * 100) + "% down: click the photo or use the arrow keys to move it");
    var moved = inputX.value !== stored[0] || inputY.value !== stored[1];
    crops.forEach(function (crop) {
      if (!moved) { return; }
      var ratio = crop.dataset.crop.split(":").map(Number);
      var image = crop.querySelector("img");
      if (image.dataset.large && image.getAttribute("src") !== image.dataset.large) {
        image.src = image.dataset.large;
      }
      image.classList.add("live");
      image.style.objectPosition = position(ratio, fx, fy);
    });
    if (state && moved) { state.textContent = "Preview of the new crops: save to keep them."; }
  }

  function set(fx, fy) {
    inputX.value = clamp(fx).toFixed(3);
    inputY.value = clamp(fy).toFixed(3);
    show();
  }

  frame.addEventListener("click", function (event) {
    if (event.detail === 0) { return; }  // Enter or Space on the button: no position to take
    var box = photo.getBoundingClientRect();
    set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
  });
  frame.addEventListener("keydown", function (event) {
    var move = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]}[event.key];
    if (!move) { return; }
    event.preventDefault();
    set(clamp(inputX.value) + move[0] * STEP, clamp(inputY.value) + move[1] * STEP);
  });
  inputX.addEventListener("input", show);
  inputY.addEventListener("input", show);
  show();
})();
