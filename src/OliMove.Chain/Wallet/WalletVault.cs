using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.KeyStore.Model;
using Nethereum.Signer;
using OliMove.Chain.Clients;

namespace OliMove.Chain;

/// <summary>
/// The eWallet: one Ethereum account per EV user (idTag), created at sign-up and kept as a Web3 Secret
/// Storage keystore (scrypt) encrypted under the site master key, one file per user. A user can export
/// the keystore re-encrypted under a password of their own. The private key itself is never returned,
/// logged or written in clear; only the exported keystore leaves the vault.
/// </summary>
public sealed class WalletVault
{
    /// <summary>Web3 Secret Storage's default scrypt cost (~1.5 s per open on the edge box): use it in production.</summary>
    public const int ProductionScryptN = 262_144;

    public const int MinExportPasswordLength = 8;

    private const int MinMasterKeyLength = 16;
    private readonly string _directory;
    private readonly string _masterKey;
    private readonly int _scryptN;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <param name="directory">Where the keystore files live (created if missing).</param>
    /// <param name="masterKey">The site master key from config or the environment (at least 16 characters).</param>
    /// <param name="scryptN">scrypt cost, a power of two; tests use 4096 (17 ms), production <see cref="ProductionScryptN"/>.</param>
    public WalletVault(string directory, string masterKey, int scryptN = ProductionScryptN)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (string.IsNullOrEmpty(masterKey) || masterKey.Length < MinMasterKeyLength)
        {
            throw new ArgumentException($"The wallet master key must have at least {MinMasterKeyLength} characters.", nameof(masterKey));
        }

        if (scryptN < 2 || (scryptN & (scryptN - 1)) != 0)
        {
            throw new ArgumentException($"scrypt n must be a power of two, got {scryptN}.", nameof(scryptN));
        }

        _directory = directory;
        _masterKey = masterKey;
        _scryptN = scryptN;
    }

    /// <summary>Creates the user's account at sign-up; signing up again returns the same address.</summary>
    public async Task<string> CreateAccountAsync(string idTag, CancellationToken ct = default)
    {
        var path = PathOf(idTag);
        await _writeGate.WaitAsync(ct);
        try
        {
            if (File.Exists(path))
            {
                return await ReadAddressAsync(path, ct);
            }

            Directory.CreateDirectory(_directory);
            var key = EthECKey.GenerateKey();
            var address = key.GetPublicAddress();
            var privateKey = key.GetPrivateKeyAsBytes();
            string keystore;
            try
            {
                keystore = Encrypt(_masterKey, privateKey, address);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(privateKey);
            }

            // Write then rename: a crash never leaves a half-written keystore, and never replaces one.
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, keystore, ct);
            File.Move(temp, path, overwrite: false);
            return address;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <returns>The user's address, or null when the idTag has no wallet. Reads no secret.</returns>
    public async Task<string?> GetAddressAsync(string idTag, CancellationToken ct = default)
    {
        var path = PathOf(idTag);
        return File.Exists(path) ? await ReadAddressAsync(path, ct) : null;
    }

    /// <summary>The user's keystore re-encrypted under <paramref name="password"/>, for import into any wallet.</summary>
    public async Task<string> ExportKeystoreAsync(string idTag, string password, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinExportPasswordLength)
        {
            throw new ArgumentException($"The export password must have at least {MinExportPasswordLength} characters.", nameof(password));
        }

        var path = PathOf(idTag);
        if (!File.Exists(path))
        {
            throw new KeyNotFoundException("This idTag has no wallet.");
        }

        var stored = await File.ReadAllTextAsync(path, ct);
        var address = AddressOf(stored);
        byte[] privateKey;
        try
        {
            privateKey = new KeyStoreScryptService().DecryptKeyStoreFromJson(_masterKey, stored);
        }
        catch (DecryptionException)
        {
            throw new InvalidOperationException("The configured wallet master key does not open this wallet; was the master key changed?");
        }

        try
        {
            return Encrypt(password, privateKey, address);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>The user's FlexToken balance (zero for a user without a wallet is an error: there is no address).</summary>
    public async Task<WalletBalance> GetBalanceAsync(string idTag, FlexTokenClient token, CancellationToken ct = default)
    {
        var address = await GetAddressAsync(idTag, ct) ?? throw new KeyNotFoundException("This idTag has no wallet.");
        var units = await token.BalanceOfAsync(address);
        return new WalletBalance(address, units, FlexTokenClient.ToTokens(units));
    }

    private string Encrypt(string password, byte[] privateKey, string address) =>
        new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(
            password, privateKey, address, new ScryptParams { N = _scryptN, R = 8, P = 1, Dklen = 32 });

    // The idTag is hashed into the file name: no path tricks, and the folder does not list the users' tags.
    private string PathOf(string idTag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idTag);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idTag)));
        return Path.Combine(_directory, hash + ".json");
    }

    private static async Task<string> ReadAddressAsync(string path, CancellationToken ct) =>
        AddressOf(await File.ReadAllTextAsync(path, ct));

    private static string AddressOf(string keystoreJson)
    {
        using var document = JsonDocument.Parse(keystoreJson);
        var address = document.RootElement.GetProperty("address").GetString()!;
        return Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress(address);
    }
}
