using OliMove.Storage;

namespace OliMove.Edge.Security;

/// <summary>The health alert for security events: any in the last day is worth an operator's look (a tampered
/// charger, a refused certificate), though none impairs the service.</summary>
public static class SecurityEventAlert
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static async Task<string?> DescribeAsync(SecurityEventRepository events, DateTimeOffset now, CancellationToken ct)
    {
        var count = await events.CountSinceAsync(now - Window, ct);
        if (count == 0)
        {
            return null;
        }

        var latest = (await events.LatestAsync(1, ct))[0];
        var seenBy = latest.Origin == "ChargePoint" ? "reported by" : "about";
        return $"security: {count} security event(s) in the last 24 h (GET /api/v1/security-events); the latest: {latest.Type} {seenBy} {latest.ChargePointId} at {latest.ReceivedAt:u}"
            + (latest.TechInfo is { Length: > 0 } info ? $": {info}" : "");
    }
}
