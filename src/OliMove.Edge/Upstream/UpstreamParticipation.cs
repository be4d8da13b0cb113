namespace OliMove.Edge.Upstream;

/// <summary>Which chargers go through the upstream link: all of the site map's, except those marked
/// <c>upstream: false</c> (e.g. a staff charger the CPO's backend must not see).</summary>
public sealed class UpstreamParticipation(Func<string, bool> isBehindLink)
{
    public bool IsBehindLink(string chargePointId) => isBehindLink(chargePointId);
}
