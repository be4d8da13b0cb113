namespace OliMove.Edge.Configuration;

/// <summary>
/// Everything an operator configures for one site. Bound from the config file (JSON), then environment
/// variables prefixed <c>OLIMOVE_</c> (double underscore for nesting, e.g. <c>OLIMOVE_Chain__RpcUrl</c>),
/// then the command line. Paths are relative to the config file's folder.
/// </summary>
public sealed class EdgeOptions
{
    /// <summary>The site map (YAML) that technicians keep.</summary>
    public string SiteMap { get; set; } = "site-maps/demo.yaml";

    /// <summary>The embedded SQLite file (WAL). Created with its migrations on first start.</summary>
    public string Database { get; set; } = "olimove-edge.db";

    /// <summary>Limits of the database file (a size cap, so that it never fills the disk).</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Kestrel listen URLs for OCPP (ws/wss), the API and the pages.</summary>
    /// <remarks>Empty here and defaulted by <see cref="EdgeOptionsLoader"/>: the configuration binder appends
    /// to an array's initial items, so a default in the initializer would stay beside any configured URL.</remarks>
    public string[] Urls { get; set; } = [];

    public TlsOptions Tls { get; set; } = new();

    public OcppOptions Ocpp { get; set; } = new();

    public SlotOptions Slots { get; set; } = new();

    public LiveStateOptions Live { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public ChainOptions Chain { get; set; } = new();

    public BillingOptions Billing { get; set; } = new();

    public LogOptions Logs { get; set; } = new();

    public ReservationOptions Reservations { get; set; } = new();
    /// <summary>The CPO's central system the edge stands in front of (empty Url = none).</summary>
    public Upstream.UpstreamOptions Upstream { get; set; } = new();
    /// <summary>How long the database keeps meter values, slot plans and delivered records (issue 17).</summary>
    public Retention.RetentionOptions Retention { get; set; } = new();
    /// <summary>How a driver's card joins their account (issue 21).</summary>
    public Users.CardOptions Cards { get; set; } = new();
    /// <summary>The running allocator's published identity (test-only override; decision 0264).</summary>
    public ChainLink.AlgorithmOptions Algorithm { get; set; } = new();
    /// <summary>Attempt limits, bounds on key-derivation work and the request body limit (issue 21, docs/security.md).</summary>
    public Security.SecurityLimitsOptions Limits { get; set; } = new();
    /// <summary>Price and CO₂ signals for cost-aware best effort (issue 20; docs/prices.md). None by default.</summary>
    public Prices.PriceOptions Prices { get; set; } = new();
    /// <summary>The cockpit's alert list and its optional webhook (issue 23).</summary>
    public Operations.AlertOptions Alerts { get; set; } = new();
}
