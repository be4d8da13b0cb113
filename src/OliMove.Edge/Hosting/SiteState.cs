using OliMove.SiteMap;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Hosting;

/// <summary>
/// The site map in force. A reload that fails validation leaves the old map in force and keeps the errors
/// for the API to show.
/// </summary>
public sealed class SiteState(SiteMapLoadResult loaded)
{
    private volatile SiteMapLoadResult _current = loaded.IsValid
        ? loaded
        : throw new ArgumentException("the site map in force must be valid", nameof(loaded));

    private volatile IReadOnlyList<SiteMapError> _lastReloadErrors = [];

    private volatile TaskCompletionSource _replaced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SiteTopology Topology => _current.Topology!;

    public string File => _current.File;

    public IReadOnlyList<SiteMapWarning> Warnings => _current.Warnings;

    public IReadOnlyList<SiteMapError> LastReloadErrors => _lastReloadErrors;

    /// <summary>
    /// Completes when the map in force is next replaced by a reload. Take it before reading <see cref="Topology"/>, so a
    /// reload in between is never missed (the pollers follow reloads with it, decision 0378).
    /// </summary>
    public Task Replaced => _replaced.Task;

    public decimal PhaseVoltageV => (decimal)Topology.NominalVoltageV;

    /// <summary>Returns true when <paramref name="candidate"/> replaced the map in force.</summary>
    public bool TryReplace(SiteMapLoadResult candidate)
    {
        if (!candidate.IsValid)
        {
            _lastReloadErrors = candidate.Errors;
            return false;
        }

        _current = candidate;
        _lastReloadErrors = [];
        Interlocked.Exchange(ref _replaced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return true;
    }
}
