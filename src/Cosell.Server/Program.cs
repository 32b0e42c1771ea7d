using System.CommandLine;
using Cosell.Server.Cli;

var root = new RootCommand("Cosell: a local, wire-compatible AWS Partner Central Selling API") { ServeCommand.Create(), CoverageCommand.Create() };
return await root.Parse(args).InvokeAsync();
