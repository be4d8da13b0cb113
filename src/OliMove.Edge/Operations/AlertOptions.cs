namespace OliMove.Edge.Operations;

/// <summary>The alert list (issue 23, decision 0283): what needs a person, and an optional webhook for each new one.</summary>
public sealed class AlertOptions
{
    /// <summary>HTTP(S) URL that gets a JSON POST on each new and each cleared alert; empty = no webhook.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Attempts per webhook delivery, 1 s apart and doubling (at most 5 min); then the event is dropped with a log line.</summary>
    public int WebhookMaxAttempts { get; set; } = 6;

    /// <summary>A charger that was online counts as offline after this long without a connection (reconnects are routine).</summary>
    public int OfflineGraceSeconds { get; set; } = 60;

    /// <summary>The chain outbox counts as stuck when its oldest pending write waits this long.</summary>
    public int ChainStuckMinutes { get; set; } = 15;

    /// <summary>How often the sources are checked besides every live change of a charger.</summary>
    public int CheckSeconds { get; set; } = 5;
}
