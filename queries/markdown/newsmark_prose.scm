; newsmark: the prose of a markdown document (paragraphs, including list items
; and block quotes; not headings, code blocks, tables or HTML).
(paragraph) @prose
