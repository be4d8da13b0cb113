namespace OliMove.Edge.Configuration;

public sealed class OcppOptions
{
    /// <summary>How long a call to a charge point may stay unanswered before it fails (OCPP-J §4.1.1 leaves it to us).</summary>
    /// <summary>
    /// OCPP security profile: 0 = no authentication (trusted network only), 1 = HTTP Basic with each charger's
    /// AuthorizationKey, 2 = profile 1 over TLS (needs Tls.CertificatePath), 3 = TLS with a client certificate of the
    /// CPO's CA whose CN is the charge point id (needs Tls.CertificatePath and Certificates.CaCertificatePath).
    /// </summary>
    public int SecurityProfile { get; set; } = 1;

    public int CallTimeoutSeconds { get; set; } = 30;

    public int HeartbeatIntervalSeconds { get; set; } = 300;

    public int MeterValueSampleIntervalSeconds { get; set; } = 60;

    /// <summary>Largest WebSocket message accepted from a charge point, in bytes.</summary>
    public int MaxFrameBytes { get; set; } = 65536;

    /// <summary>Accept idTags that belong to no user (free vend); such sessions charge without a guarantee.</summary>
    public bool AcceptUnknownIdTags { get; set; }

    /// <summary>Profile 3 and the certificate messages of the OCPP 1.6 security extension.</summary>
    public OcppCertificateOptions Certificates { get; set; } = new();
}
