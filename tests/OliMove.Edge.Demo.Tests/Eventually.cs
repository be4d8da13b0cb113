using System.Runtime.CompilerServices;

namespace OliMove.Edge.DemoTests;

/// <summary>Polls an asynchronous probe until it yields a value, for a whole product running on a busy machine.</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string because, TimeSpan timeout, Func<string> diagnostics)
        where T : struct =>
        (await ValueAsync(async () => await probe() is { } value ? new StrongBox<T>(value) : null, because, timeout, diagnostics)).Value;

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string because, TimeSpan timeout, Func<string> diagnostics)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (HttpRequestException e)
            {
                last = e; // the controller may be busy or restarting a listener; try again until the deadline
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting until {because}" +
                    (last is null ? "" : $" (last error: {last.Message})") + Environment.NewLine + diagnostics());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
