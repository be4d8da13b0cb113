namespace OliMove.Ocpp.CentralSystem;

/// <summary>OCPP 1.6 security whitepaper §2: one profile per endpoint, never a downgrade.</summary>
public enum OcppSecurityProfile
{
    /// <summary>No authentication (trusted network only).</summary>
    None = 0,

    /// <summary>HTTP Basic: user = chargePointId, password = AuthorizationKey; checked before the upgrade.</summary>
    BasicAuth = 1,

    /// <summary>Profile 1 over TLS (wss); plain ws requests are refused.</summary>
    TlsWithBasicAuth = 2,

    /// <summary>TLS with a client certificate issued by the CPO's CA whose subject CN is the charge point id;
    /// no Basic credentials (docs/decisions/0251).</summary>
    TlsWithClientCertificate = 3,
}
