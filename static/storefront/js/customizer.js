/* Live preview of the customizer: the same picture the server renders with Pillow.
 *
 * For each zone: a colour layer (the swatch colour, or the pattern tile tinted with it over
 * white) is multiplied with the base image, then kept only where the zone's mask is, and
 * drawn over the picture. Choices are sent to the server in batches as preference events.
 * Without JavaScript the form still works: the server renders the preview instead.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-customizer]");
  var configNode = document.getElementById("customizer-config");
  if (!root || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var form = root.closest("form");
  var canvas = document.querySelector("[data-canvas]");
  var priceOutput = root.querySelector("[data-price]");
  var announcer = root.querySelector("[data-announce]");
  var width = config.width;
  var height = config.height;
  var TEXT_CENTRES = { chest: [0.5, 0.36], center: [0.5, 0.5], bottom: [0.5, 0.72] };

  root.querySelectorAll(".js-hidden").forEach(function (node) { node.hidden = true; });

  function loadImage(url) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); };
      image.onerror = reject;
      image.src = url;
    });
  }

  function blankCanvas(w, h) {
    var made = document.createElement("canvas");
    made.width = w;
    made.height = h;
    return made;
  }

  /* A greyscale image as an alpha channel: white opaque, black transparent. */
  function greyToAlpha(image) {
    var made = blankCanvas(image.naturalWidth, image.naturalHeight);
    var context = made.getContext("2d");
    context.drawImage(image, 0, 0);
    var pixels = context.getImageData(0, 0, made.width, made.height);
    var data = pixels.data;
    for (var i = 0; i < data.length; i += 4) {
      data[i + 3] = data[i];
      data[i] = data[i + 1] = data[i + 2] = 0;
    }
    context.putImageData(pixels, 0, 0);
    return made;
  }

  function readChoices() {
    var data = new FormData(form);
    return config.zones.map(function (zone) {
      return {
        key: zone.key,
        swatch: data.get("zone-" + zone.key),
        pattern: data.get("pattern-" + zone.key) || null,
      };
    });
  }

  function readText() {
    var field = form.querySelector("[name=text]");
    return field ? field.value.trim() : "";
  }

  function formatMoney(amount) {
    var number = amount.toLocaleString(document.documentElement.lang || undefined, {
      minimumFractionDigits: config.money.decimals,
      maximumFractionDigits: config.money.decimals,
    });
    if (!config.money.symbol) return number;
    return config.money.after ? number + "\u00a0" + config.money.symbol : config.money.symbol + number;
  }

  function updatePrice(choices, text) {
    var total = parseFloat(config.basePrice);
    choices.forEach(function (choice) {
      var zone = config.zones.find(function (z) { return z.key === choice.key; });
      if (zone.swatches[choice.swatch]) total += parseFloat(zone.swatches[choice.swatch].delta);
      if (choice.pattern && zone.patterns[choice.pattern]) total += parseFloat(zone.patterns[choice.pattern].delta);
    });
    if (text) total += parseFloat(config.text.delta);
    priceOutput.textContent = formatMoney(total);
  }

  function draw(assets, choices, text) {
    var context = canvas.getContext("2d");
    context.globalCompositeOperation = "source-over";
    context.clearRect(0, 0, width, height);
    context.drawImage(assets.base, 0, 0, width, height);
    choices.forEach(function (choice) {
      var zone = config.zones.find(function (z) { return z.key === choice.key; });
      var swatch = zone.swatches[choice.swatch];
      if (!swatch) return;
      var layer = blankCanvas(width, height);
      var layerContext = layer.getContext("2d");
      layerContext.fillStyle = swatch.hex;
      layerContext.fillRect(0, 0, width, height);
      var tile = choice.pattern && assets.tiles[choice.pattern];
      if (tile) {
        // Where the tile is black the layer is white; where it is white, the colour.
        var ground = blankCanvas(width, height);
        var groundContext = ground.getContext("2d");
        groundContext.fillStyle = groundContext.createPattern(tile, "repeat");
        groundContext.fillRect(0, 0, width, height);
        groundContext.globalCompositeOperation = "source-in";
        groundContext.fillStyle = swatch.hex;
        groundContext.fillRect(0, 0, width, height);
        layerContext.fillStyle = "#ffffff";
        layerContext.fillRect(0, 0, width, height);
        layerContext.drawImage(ground, 0, 0);
      }
      layerContext.globalCompositeOperation = "multiply";
      layerContext.drawImage(assets.base, 0, 0, width, height);
      layerContext.globalCompositeOperation = "destination-in";
      layerContext.drawImage(assets.masks[zone.key], 0, 0, width, height);
      context.drawImage(layer, 0, 0);
    });
    if (text) {
      var centre = TEXT_CENTRES[config.text.position] || TEXT_CENTRES.center;
      context.fillStyle = config.text.colour;
      context.font = "bold " + Math.round(height * 0.06) + "px system-ui, sans-serif";
      context.textAlign = "center";
      context.textBaseline = "middle";
      context.fillText(text, centre[0] * width, centre[1] * height);
    }
    canvas.dataset.rendered = String((Number(canvas.dataset.rendered) || 0) + 1);
  }

  /* Screen readers hear each change once, through the one live region, in the words the
   * page shows: the zone's legend, the chosen swatch's or pattern's label, the new price.
   * The sentence itself comes translated from the server (data-format). */
  function labelFor(input) {
    return root.querySelector("label[for='" + input.id + "']");
  }

  function choiceWords(input) {
    if (input.name === "text") {
      return {
        zone: labelFor(input).querySelector(".text-name").textContent.trim(),
        choice: input.value.trim() || announcer.dataset.noText,
      };
    }
    var label = labelFor(input);
    var name = label.querySelector(".swatch-name, .pattern-name") || label;
    var group = input.closest("[role=radiogroup]");
    return {
      zone: group ? group.getAttribute("aria-label") : input.closest("fieldset").querySelector("legend").textContent.trim(),
      choice: name.textContent.trim(),
    };
  }

  var announced = "";
  function announce(input) {
    if (!announcer) return;
    var words = choiceWords(input);
    words.price = priceOutput.textContent.trim();
    var message = announcer.dataset.format.replace(/\{(zone|choice|price)\}/g, function (match, key) {
      return words[key];
    });
    if (message === announced) return;
    announced = message;
    announcer.textContent = message;
  }

  /* Preference events: batched, flushed every few seconds and when the page is hidden. */
  var visitorKey = "storefront-visitor";
  var visitor = window.localStorage.getItem(visitorKey);
  if (!visitor) {
    visitor = "v-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    window.localStorage.setItem(visitorKey, visitor);
  }
  var queue = [{ kind: "viewed" }];

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function flush() {
    if (!queue.length) return;
    var events = queue.splice(0, 100);
    fetch(config.eventsUrl, {
      method: "POST",
      keepalive: true,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ product_id: config.productId, visitor_id: visitor, events: events }),
    }).catch(function () { /* preferences are best effort; the shop works without them */ });
  }

  setInterval(flush, 5000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
  form.addEventListener("submit", flush);

  var tileUrls = {};
  config.zones.forEach(function (zone) {
    Object.keys(zone.patterns).forEach(function (id) { tileUrls[id] = zone.patterns[id].tile; });
  });

  Promise.all([
    loadImage(config.base),
    Promise.all(config.zones.map(function (zone) { return loadImage(zone.mask); })),
    Promise.all(Object.keys(tileUrls).map(function (id) { return loadImage(tileUrls[id]); })),
  ]).then(function (loaded) {
    var assets = { base: loaded[0], masks: {}, tiles: {} };
    config.zones.forEach(function (zone, index) { assets.masks[zone.key] = greyToAlpha(loaded[1][index]); });
    Object.keys(tileUrls).forEach(function (id, index) { assets.tiles[id] = greyToAlpha(loaded[2][index]); });
    canvas.hidden = false;
    // The live preview takes the gallery's place; the photos stay below as thumbnails.
    document.querySelectorAll("[data-gallery-when-no-canvas]").forEach(function (node) {
      node.hidden = true;
    });

    function refresh() {
      var choices = readChoices();
      var text = readText();
      draw(assets, choices, text);
      updatePrice(choices, text);
    }
    refresh();

    root.addEventListener("change", function (event) {
      var name = event.target.name || "";
      var zone = name.replace(/^(zone|pattern)-/, "");
      if (name.indexOf("zone-") === 0) {
        queue.push({ kind: "selected", zone: zone, swatch: Number(event.target.value) });
      } else if (name.indexOf("pattern-") === 0 && event.target.value) {
        var swatch = form.querySelector("[name='zone-" + zone + "']:checked");
        queue.push({ kind: "selected", zone: zone, pattern: Number(event.target.value),
                     swatch: swatch ? Number(swatch.value) : null });
      } else if (name === "text" && event.target.value) {
        queue.push({ kind: "selected", text_used: true });
      }
      refresh();
      window.clearTimeout(textPause);
      if (/^(zone|pattern)-/.test(name) || name === "text") announce(event.target);
    });
    // While the shopper types, the price is said once they pause, not after every letter.
    var textPause;
    root.addEventListener("input", function (event) {
      if (event.target.name !== "text") return;
      refresh();
      window.clearTimeout(textPause);
      textPause = window.setTimeout(function () { announce(event.target); }, 1000);
    });
  });
})();
