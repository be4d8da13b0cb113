namespace OliMove.Chain;

/// <summary>A meter as SC1 records it.</summary>
/// <param name="Target">The circuit or other load it measures; empty for the grid connection.</param>
/// <param name="PhaseMask">The lines it sees: L1 = 1, L2 = 2, L3 = 4 (7 for all three).</param>
/// <param name="LimitW">The limit of what it measures (grid connection, circuit) or the load's rated worst case.</param>
public sealed record MeterRegistration(string MeterId, MeterScope Measures, string Target, int PhaseMask, long LimitW, string Group);
