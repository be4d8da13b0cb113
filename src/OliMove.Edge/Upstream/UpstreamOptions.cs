namespace OliMove.Edge.Upstream;

/// <summary>
/// The upstream link: the edge as an OCPP 1.6 local controller in front of the CPO's central system ("backend").
/// Empty <see cref="Url"/> = no upstream (the edge is the central system, as without this section). Every key
/// can be overridden by <c>OLIMOVE_Upstream__Key</c>.
/// </summary>
public sealed class UpstreamOptions
{
    /// <summary>The backend's OCPP-J base address, e.g. <c>wss://cpo.example/ocpp</c>; each charger connects as
    /// <c>{Url}/{chargePointId}</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>0 = no auth, 1 = Basic auth, 2 = Basic auth over TLS (wss only).</summary>
    public int SecurityProfile { get; set; }

    /// <summary>File of <c>chargePointId key</c> lines (each charger's upstream AuthorizationKey); must be mode
    /// 0600. Needed for profiles 1 and 2. Keys are never logged.</summary>
    public string? KeyFile { get; set; }

    public double ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>How long a charger's reply may wait on the backend (StartTransaction, Authorize, StopTransaction,
    /// DataTransfer) before the edge answers on its own.</summary>
    public double ReplyBoundSeconds { get; set; } = 2;

    /// <summary>How long a CALL to the backend waits for its answer before it counts as unanswered.</summary>
    public double CallTimeoutSeconds { get; set; } = 30;

    public double ReconnectMinSeconds { get; set; } = 1;

    public double ReconnectMaxSeconds { get; set; } = 60;

    /// <summary>How long a backend verdict on an idTag without expiryDate stays in the authorization cache.</summary>
    public double AuthorizationCacheHours { get; set; } = 24;

    /// <summary>What an idTag that is neither cached nor a site user gets while the backend does not answer:
    /// Accept or Reject.</summary>
    public string UnknownIdTagsOffline { get; set; } = "Reject";

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>Configuration errors, empty when the section is usable.</summary>
    public IEnumerable<string> Check()
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            yield return $"Upstream.Url '{Url}' is not a ws:// or wss:// URL";
        }
        else if (SecurityProfile == 2 && uri.Scheme != "wss")
        {
            yield return "Upstream.SecurityProfile 2 needs a wss:// Upstream.Url";
        }
        if (SecurityProfile is < 0 or > 2)
        {
            yield return "Upstream.SecurityProfile must be 0, 1 or 2";
        }
        if (SecurityProfile > 0 && string.IsNullOrWhiteSpace(KeyFile))
        {
            yield return $"Upstream.SecurityProfile {SecurityProfile} needs Upstream.KeyFile";
        }
        if (ConnectTimeoutSeconds <= 0 || ReplyBoundSeconds <= 0 || CallTimeoutSeconds <= 0 || ReconnectMinSeconds <= 0
            || AuthorizationCacheHours <= 0)
        {
            yield return "Upstream timeouts, back-off and cache hours must be positive";
        }
        if (ReconnectMaxSeconds < ReconnectMinSeconds)
        {
            yield return "Upstream.ReconnectMaxSeconds must be at least Upstream.ReconnectMinSeconds";
        }
        if (UnknownIdTagsOffline is not ("Accept" or "Reject"))
        {
            yield return "Upstream.UnknownIdTagsOffline must be Accept or Reject";
        }
    }
}
