using OliMove.Ocpp.Client;

namespace OliMove.Edge.Upstream;

/// <summary><see cref="UpstreamOptions"/> resolved for the links: client options and back-off as durations.</summary>
public sealed record UpstreamLinkSettings(OcppClientOptions Client, TimeSpan ReplyBound, TimeSpan ReconnectMin, TimeSpan ReconnectMax);
