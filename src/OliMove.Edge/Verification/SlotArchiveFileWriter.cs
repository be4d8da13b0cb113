using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// Writes one archive file: a gzip-compressed tar of the <see cref="SlotArchiveIndex"/> layout, so that
/// <c>tar xzf</c> gives exactly what <c>verify export</c> writes (and <c>sha256sum</c> the archived hashes), and
/// <c>verify --archives</c> reads it as it is. The plans' files come first, index.json last (it is only complete
/// then); plans are taken in chunks, so memory holds one chunk and the index, never the whole day. The file is
/// written under a temporary name, flushed to disk and only then renamed into place: a file with its final name
/// is complete.
/// </summary>
public static class SlotArchiveFileWriter
{
    /// <summary>Writes <paramref name="path"/>, which must not exist. Returns how many plans it holds.</summary>
    public static async Task<int> WriteAsync(string path, IAsyncEnumerable<IReadOnlyList<SlotPlanRecord>> chunks, CancellationToken ct)
    {
        if (File.Exists(path))
        {
            throw new IOException($"{path} exists already; an archive file is never overwritten.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        var indexed = new List<(SlotPlanRecord, IReadOnlyList<string>)>();
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    await foreach (var chunk in chunks.WithCancellation(ct))
                    {
                        foreach (var plan in chunk)
                        {
                            var stem = SlotArchiveIndex.StemOf(plan);
                            await AddAsync(tar, stem + ".input.json", Encoding.UTF8.GetBytes(plan.InputJson), plan.SlotStart, ct);
                            await AddAsync(tar, stem + ".output.json", Encoding.UTF8.GetBytes(plan.OutputJson), plan.SlotStart, ct);
                            // The index needs ids, hashes and sessions only: the JSON is let go with the chunk.
                            indexed.Add((plan with { InputJson = "", OutputJson = "" }, SessionSlots.SessionsIn(plan)));
                        }
                    }

                    using var index = new MemoryStream();
                    await SlotArchiveIndex.WriteAsync(index, indexed, ct);
                    await AddAsync(tar, SlotArchiveIndex.FileName, index.ToArray(), DateTimeOffset.UnixEpoch, ct);
                }

                await file.FlushAsync(ct);
                // On disk before the name says it is complete (and before anyone deletes what it holds).
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return indexed.Count;
    }

    private static async Task AddAsync(TarWriter tar, string name, byte[] bytes, DateTimeOffset modified, CancellationToken ct)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(bytes, writable: false),
            ModificationTime = modified,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        await tar.WriteEntryAsync(entry, ct);
    }
}
