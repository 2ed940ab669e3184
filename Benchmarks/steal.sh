# Sourced by the benchmark scripts. On a virtual machine the hypervisor may run another guest on
# our vCPUs ("steal" in /proc/stat); every rate measured meanwhile is lower. The scripts print it.

# All CPUs' ticks so far and their steal ticks: "TOTAL STEAL".
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9}' /proc/stat; }

# The steal share in percent between two cpu_ticks readings: steal_percent "$before" "$after".
steal_percent() { echo "$1 $2" | awk '{d = $3 - $1; printf "%.0f", (d > 0 ? ($4 - $2) * 100 / d : 0)}'; }

# Runs a command, then prints the steal share of the CPU time meanwhile.
with_steal() {
    local before
    before=$(cpu_ticks)
    "$@"
    echo "  steal: $(steal_percent "$before" "$(cpu_ticks)")% of CPU time"
}
