namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A test that runs only in the long form (<c>RELIABILITY_SCALE=long</c>, e.g. tools/reliability/run-long); in CI it
/// is reported as skipped, with the command that runs it, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LongFormFactAttribute : FactAttribute
{
    public LongFormFactAttribute(string command)
    {
        if (!ReliabilityScale.IsLong)
        {
            Skip = $"long form only: {command}";
        }
    }
}
