namespace OliMove.Tools.Soak;

/// <summary>One verdict of the run: what was required, whether it held, and the figures behind it.</summary>
public sealed record SoakCheck(string Name, bool Passed, string Detail);
