namespace OliMove.Edge.Security;

/// <summary>
/// Attempt limits and the bound on expensive key-derivation work (issue 21, decisions 0246-0248), under
/// <c>Limits</c> in the config. Counts live in memory: a restart forgets them.
/// </summary>
public sealed class SecurityLimitsOptions
{
    /// <summary>Failed sign-ins one login may have within <see cref="SignInWindowSeconds"/>; then 429 until the window ends.</summary>
    public int SignInFailuresPerLogin { get; set; } = 5;

    /// <summary>Failed sign-ins one remote address (an IPv6 /64) may have within <see cref="SignInWindowSeconds"/>.</summary>
    public int SignInFailuresPerAddress { get; set; } = 20;

    public int SignInWindowSeconds { get; set; } = 900;

    /// <summary>Sign-up attempts one remote address may make within <see cref="SignUpWindowSeconds"/> (a malformed body does not count).</summary>
    public int SignUpsPerAddress { get; set; } = 5;

    public int SignUpWindowSeconds { get; set; } = 3600;

    /// <summary>Keystore exports one user may ask for within <see cref="KeystoreExportWindowSeconds"/> (each costs two scrypt runs).</summary>
    public int KeystoreExportsPerUser { get; set; } = 3;

    public int KeystoreExportWindowSeconds { get; set; } = 3600;

    /// <summary>Failed OCPP key checks (profiles 1/2) one charge point id may have within <see cref="OcppFailureWindowSeconds"/> (decision 0228).</summary>
    public int OcppFailuresPerChargePoint { get; set; } = 5;

    /// <summary>Failed OCPP key checks one remote address may have (chargers behind one router share it).</summary>
    public int OcppFailuresPerAddress { get; set; } = 50;

    public int OcppFailureWindowSeconds { get; set; } = 60;

    /// <summary>PBKDF2 checks (passwords at sign-in, AuthorizationKeys) that may run at once; 0 = half the cores, at least 1.</summary>
    public int ParallelPasswordChecks { get; set; }

    /// <summary>scrypt keystore jobs (sign-up, keystore export; 256 MiB each in production) that may run at once.</summary>
    public int ParallelKeystoreJobs { get; set; } = 1;

    /// <summary>Callers that may wait for each of the two gates; beyond it they are refused with 503 and Retry-After.</summary>
    public int QueuedPerGate { get; set; } = 256;

    /// <summary>
    /// Callers from 127.0.0.1 or ::1 (the box's own tools, the demo's simulators, a reverse proxy on the box) are not
    /// limited per address; the per-login and per-user limits and the work gates still apply to them.
    /// </summary>
    public bool ExemptLocalhostFromAddressLimits { get; set; } = true;

    /// <summary>Largest request body Kestrel accepts, chunked or not (413 beyond it). OCPP frames have their own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The password gate's width once <see cref="ParallelPasswordChecks"/> 0 is resolved.</summary>
    public int EffectiveParallelPasswordChecks => ParallelPasswordChecks > 0 ? ParallelPasswordChecks : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Configuration errors, one line each; none when valid.</summary>
    public IEnumerable<string> Check()
    {
        foreach (var (name, value) in new (string, int)[]
        {
            (nameof(SignInFailuresPerLogin), SignInFailuresPerLogin),
            (nameof(SignInFailuresPerAddress), SignInFailuresPerAddress),
            (nameof(SignUpsPerAddress), SignUpsPerAddress),
            (nameof(KeystoreExportsPerUser), KeystoreExportsPerUser),
            (nameof(OcppFailuresPerChargePoint), OcppFailuresPerChargePoint),
            (nameof(OcppFailuresPerAddress), OcppFailuresPerAddress),
            (nameof(ParallelKeystoreJobs), ParallelKeystoreJobs),
        })
        {
            if (value is < 1 or > 100_000)
            {
                yield return $"Limits.{name} must be between 1 and 100000";
            }
        }

        foreach (var (name, value) in new (string, int)[]
        {
            (nameof(SignInWindowSeconds), SignInWindowSeconds),
            (nameof(SignUpWindowSeconds), SignUpWindowSeconds),
            (nameof(KeystoreExportWindowSeconds), KeystoreExportWindowSeconds),
            (nameof(OcppFailureWindowSeconds), OcppFailureWindowSeconds),
        })
        {
            if (value is < 1 or > 86_400)
            {
                yield return $"Limits.{name} must be between 1 and 86400 (one day)";
            }
        }

        if (ParallelPasswordChecks is < 0 or > 64)
        {
            yield return "Limits.ParallelPasswordChecks must be between 0 (half the cores) and 64";
        }

        if (QueuedPerGate is < 0 or > 10_000)
        {
            yield return "Limits.QueuedPerGate must be between 0 and 10000";
        }

        if (MaxRequestBodyBytes is < 1024 or > 30L * 1024 * 1024)
        {
            yield return "Limits.MaxRequestBodyBytes must be between 1024 and 31457280 (30 MiB)";
        }
    }
}
