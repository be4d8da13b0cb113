namespace OliMove.Edge.Configuration;

/// <summary>
/// Reads <see cref="EdgeOptions"/> from an optional JSON config file, then <c>OLIMOVE_*</c> environment
/// variables, then explicit overrides from the command line, in that order of precedence (last wins).
/// </summary>
public static class EdgeOptionsLoader
{
    public const string EnvironmentPrefix = "OLIMOVE_";

    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static EdgeOptions Load(string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var baseDirectory = Directory.GetCurrentDirectory();
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new EdgeConfigurationException($"config file '{configFile}' does not exist");
            }

            baseDirectory = Path.GetDirectoryName(full)!;
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(overrides);

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException e)
        {
            throw new EdgeConfigurationException($"config file '{configFile}' is not valid JSON: {e.InnerException?.Message ?? e.Message}");
        }

        var options = new EdgeOptions();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new EdgeConfigurationException($"configuration: {e.Message}");
        }

        Resolve(options, baseDirectory);
        Validate(options);
        return options;
    }

    private static void Resolve(EdgeOptions o, string baseDirectory)
    {
        string Full(string path) => Path.GetFullPath(path, baseDirectory);
        string? FullOrNull(string? path) => string.IsNullOrWhiteSpace(path) ? null : Full(path);

        if (o.Urls.Length == 0)
        {
            o.Urls = [DefaultUrl];
        }

        o.SiteMap = Full(o.SiteMap);
        o.Database = Full(o.Database);
        o.Logs.Directory = Full(o.Logs.Directory);
        o.Tls.CertificatePath = FullOrNull(o.Tls.CertificatePath);
        o.Chain.AddressesFile = FullOrNull(o.Chain.AddressesFile);
        o.Chain.OperatorKeyFile = FullOrNull(o.Chain.OperatorKeyFile);
        o.Chain.WalletMasterKeyFile = FullOrNull(o.Chain.WalletMasterKeyFile);
        o.Upstream.KeyFile = FullOrNull(o.Upstream.KeyFile);
        o.Ocpp.Certificates.ResolvePaths(Full);
        o.Prices.ResolvePaths(Full);
        o.Retention.ArchiveDirectory = string.IsNullOrWhiteSpace(o.Retention.ArchiveDirectory) ? o.Retention.ArchiveDirectory : Full(o.Retention.ArchiveDirectory);
    }

    private static void Validate(EdgeOptions o)
    {
        var errors = new List<string>();
        if (o.Urls.Length == 0)
        {
            errors.Add("Urls: at least one listen URL is needed");
        }

        foreach (var url in o.Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
            {
                errors.Add($"Urls: '{url}' is not an http:// or https:// URL");
            }
        }

        if (o.Ocpp.CallTimeoutSeconds is < 1 or > 600)
        {
            errors.Add("Ocpp.CallTimeoutSeconds must be between 1 and 600");
        }

        if (o.Ocpp.SecurityProfile is < 0 or > 3)
        {
            errors.Add("Ocpp.SecurityProfile must be 0, 1, 2 or 3");
        }

        if (o.Ocpp.SecurityProfile == 2 && o.Tls.CertificatePath is null)
        {
            errors.Add("Ocpp.SecurityProfile 2 needs Tls.CertificatePath (wss://)");
        }

        if (o.Ocpp.MaxFrameBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add("Ocpp.MaxFrameBytes must be between 1024 and 16777216");
        }

        if (o.Slots.HorizonSlots is < 1 or > 672)
        {
            errors.Add("Slots.HorizonSlots must be between 1 and 672 (one week)");
        }

        if (o.Reservations.GraceMinutes is < 1 or > 1440)
        {
            errors.Add("Reservations.GraceMinutes must be between 1 and 1440 (one day)");
        }

        if (o.Cards.ClaimMinutes is < 1 or > 1440)
        {
            errors.Add("Cards.ClaimMinutes must be between 1 and 1440 (one day)");
        }

        if (o.Storage.MaxDatabaseMegabytes is < 1 or > 1024 * 1024)
        {
            errors.Add("Storage.MaxDatabaseMegabytes must be between 1 and 1048576 (1 TiB), or left out for no cap");
        }

        if (o.Storage.GroupCommitCapacity is < 1 or > 1_000_000)
        {
            errors.Add("Storage.GroupCommitCapacity must be between 1 and 1000000");
        }

        if (o.Billing.TariffMinorPerKWh is < 0 or > uint.MaxValue)
        {
            errors.Add("Billing.TariffMinorPerKWh must be between 0 and 4294967295");
        }

        if (o.Billing.TokensPerKWhH < 0)
        {
            errors.Add("Billing.TokensPerKWhH must not be negative");
        }

        if (o.Billing.LaxityCapHours is < 0 or > 1000)
        {
            errors.Add("Billing.LaxityCapHours must be between 0 and 1000");
        }

        if (!string.IsNullOrWhiteSpace(o.Chain.RpcUrl))
        {
            // One tariff: with a chain, the contract's values are the ones billed and minted (decision 0258).
            foreach (var (name, set) in new[] { ("TariffMinorPerKWh", o.Billing.TariffMinorPerKWh is not null), ("TokensPerKWhH", o.Billing.TokensPerKWhH is not null), ("LaxityCapHours", o.Billing.LaxityCapHours is not null) })
            {
                if (set)
                {
                    errors.Add($"Billing.{name} must not be set with a chain: the site bills with ChargingSettlement's tariff, token rate and laxity cap (set by the CPO's admin; `olimove-edge chain deploy` writes the first values)");
                }
            }
        }

        foreach (var t in o.Api.Tokens)
        {
            if (t.Role is not ("viewer" or "operator"))
            {
                errors.Add($"Api.Tokens '{t.Name}': role must be viewer or operator, not '{t.Role}'");
            }

            if (t.Sha256.Length != 64 || !t.Sha256.All(Uri.IsHexDigit))
            {
                errors.Add($"Api.Tokens '{t.Name}': Sha256 must be 64 hex digits");
            }
        }

        errors.AddRange(o.Ocpp.Certificates.Check(o.Ocpp.SecurityProfile, o.Tls.CertificatePath is not null));
        errors.AddRange(o.Upstream.Check());
        errors.AddRange(o.Retention.Check());
        errors.AddRange(o.Limits.Check());
        errors.AddRange(o.Prices.Check());

        if (o.Tls.CertificatePath is not null && !File.Exists(o.Tls.CertificatePath))
        {
            errors.Add($"Tls.CertificatePath '{o.Tls.CertificatePath}' does not exist");
        }

        if (errors.Count > 0)
        {
            throw new EdgeConfigurationException(string.Join(Environment.NewLine, errors));
        }
    }
}
