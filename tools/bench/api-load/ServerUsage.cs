namespace OliMove.Bench.ApiLoad;

/// <summary>The service process at one moment: resident memory now and at its peak so far (VmRSS, VmHWM), CPU time used.</summary>
public sealed record ServerUsage(long RssBytes, long PeakRssBytes, TimeSpan Cpu);
