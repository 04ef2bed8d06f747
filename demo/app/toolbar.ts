// The viewer's toolbar for the QA page. The SDK's default list includes document-editor and
// document-crop (each warns on load without a Document Editing licence) and folds the annotation
// tools behind one "annotate" button below ~1200 px of viewer width. Listing the tools without a
// responsive group keeps them on the toolbar at a 1280 px window.
export const QA_TOOLBAR_ITEMS = [
  'sidebar-thumbnails', 'pager', 'pan', 'zoom-out', 'zoom-in', 'spacer',
  'ink', 'text-highlighter', 'note', 'text', 'line', 'arrow', 'rectangle', 'ellipse', 'ink-eraser', 'spacer',
  'search',
].map((type) => ({ type }));
