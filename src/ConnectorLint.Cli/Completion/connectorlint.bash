# bash completion for connectorlint. Load it with
#   source <(connectorlint completion bash)
# or save it as ~/.local/share/bash-completion/completions/connectorlint.
# The candidates come from connectorlint itself ([suggest] directive), so they
# follow the installed version; with none (a path), bash completes file names.
_connectorlint_complete()
{
    local line="${COMP_LINE:0:COMP_POINT}"
    line="connectorlint${line#"${COMP_WORDS[0]}"}"
    local IFS=$'\n'
    COMPREPLY=($(connectorlint "[suggest:${#line}]" "$line" 2>/dev/null))
}
complete -o default -F _connectorlint_complete connectorlint
