/* The problem text's live character count (the limit is the textarea's maxlength). */
(function () {
  "use strict";
  const area = document.getElementById("id_text");
  const count = document.getElementById("text-count-n");
  if (!area || !count) return;
  const show = function () { count.textContent = area.value.length.toLocaleString("en-US"); };
  area.addEventListener("input", show);
  show();
})();
