using System.Security.Cryptography.X509Certificates;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>Settings of the OCPP 1.6J central system.</summary>
public sealed class OcppCentralSystemOptions
{
    /// <summary>How long a CALL to a charger waits for its reply before the slot is freed.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted text frame, in bytes.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Returned as the heartbeat interval in BootNotification.conf.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returned as the retry interval in BootNotification.conf when the boot is Pending or Rejected.</summary>
    public TimeSpan BootRetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Set as MeterValueSampleInterval after boot.</summary>
    public TimeSpan MeterValueSampleInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Set as MeterValuesSampledData after boot (comma-separated measurands).</summary>
    public string MeterValuesSampledData { get; set; } =
        "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Current.Offered,Power.Offered,SoC";

    /// <summary>Read limits and configure sampling after each accepted BootNotification.</summary>
    public bool ConfigureAfterBoot { get; set; } = true;

    public OcppSecurityProfile SecurityProfile { get; set; } = OcppSecurityProfile.BasicAuth;

    /// <summary>Also validate our own replies and calls against the schemas (catches our bugs, costs CPU).</summary>
    public bool ValidateOutgoing { get; set; } = true;

    /// <summary>Failed key checks a charge point id may have within <see cref="AuthenticationFailureWindow"/> before it is refused with 429 unchecked.</summary>
    public int MaxAuthenticationFailuresPerChargePoint { get; set; } = 5;

    /// <summary>Failed key checks one remote address may have within <see cref="AuthenticationFailureWindow"/> (chargers behind one router share it).</summary>
    public int MaxAuthenticationFailuresPerAddress { get; set; } = 50;

    /// <summary>The window in which failed key checks are counted.</summary>
    public TimeSpan AuthenticationFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Security profile 3: the CPO's CA certificates; a charger's client certificate must chain to one.</summary>
    public X509Certificate2Collection ClientCertificateAuthorities { get; set; } = [];

    /// <summary>The CA certificate with its private key that signs chargers' CSRs (SignCertificate); null: every
    /// SignCertificate is answered Rejected.</summary>
    public X509Certificate2? CertificateSigningAuthority { get; set; }

    /// <summary>When set, the CPO name that a client certificate's and a CSR's subject O must carry (whitepaper: the
    /// CpoName configuration key).</summary>
    public string? CertificateOrganization { get; set; }

    /// <summary>How long a certificate signed for a charger is valid (never beyond the signing CA).</summary>
    public TimeSpan IssuedCertificateValidity { get; set; } = TimeSpan.FromDays(365);
}
