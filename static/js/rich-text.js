// Rich text editing of narrative sections with TinyMCE (self-hosted, no cloud services).
// Without JavaScript the plain textarea still works: text typed there becomes paragraphs.
// The server sanitises whatever arrives (council/richtext.py); this list only keeps the
// editor from offering what would be removed.
const textareas = document.querySelectorAll("textarea.app-rich-text-input");

// The writing area is the body of an iframe. TinyMCE names it "Rich Text Area. Press ALT-0
// for help." (there is no help plugin here), in an aria-label that a body may not carry
// (axe: aria-prohibited-attr). The iframe, which is what takes the focus, is named by the
// field's visible label instead (WCAG 2.5.3 Label in Name), and the body keeps no name.
function nameAfterLabel(editor, label) {
  editor.iframeElement.title = label;
  editor.getBody().removeAttribute("aria-label");
}

for (const textarea of window.tinymce ? textareas : []) {
  const label = document.querySelector(`label[for="${textarea.id}"]`).textContent.trim();
  window.tinymce.init({
    target: textarea,
    base_url: "/static/build/tinymce",
    suffix: ".min",
    license_key: "gpl",
    menubar: false,
    branding: false,
    promotion: false,
    statusbar: true,
    elementpath: false,
    // The resize handle is a div with an aria-label and no role (axe: aria-prohibited-attr);
    // the editor is tall enough, and the page scrolls.
    resize: false,
    height: 480,
    plugins: "lists link table autolink",
    // Marks the editor while its writing area has the focus, which the iframe cannot show by
    // itself; frontend/_serviceplans.scss draws that as the GOV.UK focus style.
    highlight_on_focus: true,
    toolbar:
      "undo redo | blocks | bold italic | bullist numlist | link | table tablerowprops tableinsertrowafter tabledeleterow",
    block_formats: "Paragraph=p; Heading=h3; Subheading=h4",
    valid_elements:
      "p,br,h3,h4,h5,strong/b,em/i,u,ul,ol,li,a[href|title],blockquote,table,caption,thead,tbody,tr,th[colspan|rowspan|scope],td[colspan|rowspan]",
    invalid_styles: "*",
    table_default_attributes: {},
    table_default_styles: {},
    table_sizing_mode: "relative",
    table_use_colgroups: false,
    object_resizing: false,
    link_default_protocol: "https",
    link_assume_external_targets: true,
    convert_urls: false,
    content_css: "default",
    setup(editor) {
      // Keep the textarea current so the form posts what the officer sees.
      editor.on("change input undo redo", () => editor.save());
      editor.on("init", () => nameAfterLabel(editor, label));
    },
  });
}
