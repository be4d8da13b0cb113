namespace OliMove.Edge.Configuration;

public sealed class LogOptions
{
    /// <summary>Folder of the rolling structured log (compact JSON, one file per day).</summary>
    public string Directory { get; set; } = "logs";

    public string MinimumLevel { get; set; } = "Information";
}
