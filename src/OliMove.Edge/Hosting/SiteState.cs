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

    public SiteTopology Topology => _current.Topology!;

    public string File => _current.File;

    public IReadOnlyList<SiteMapWarning> Warnings => _current.Warnings;

    public IReadOnlyList<SiteMapError> LastReloadErrors => _lastReloadErrors;

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
        return true;
    }
}
