#compdef connectorlint
# zsh completion for connectorlint. Load it with
#   source <(connectorlint completion zsh)
# after compinit, or save it as _connectorlint in a folder of $fpath.
# The candidates come from connectorlint itself ([suggest] directive), so they
# follow the installed version; with none (a path), zsh completes file names.
_connectorlint() {
  local line="connectorlint ${(j: :)words[2,CURRENT]}"
  local -a candidates
  candidates=("${(@f)$(connectorlint "[suggest:${#line}]" "$line" 2>/dev/null)}")
  candidates=(${candidates:#})
  if (( ${#candidates} )); then
    compadd -- "${candidates[@]}"
  else
    _files
  fi
}
if (( $+functions[compdef] )); then
  compdef _connectorlint connectorlint
fi
