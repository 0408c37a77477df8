local M = {}
function M.get_selected_entry()
  return M._selected
end
return M
