import Foundation
import Imaging
import Kernel
import Testing

/// A spawned `pleura kernel` driven over ZeroMQ, as a Jupyter front end drives it.
@Suite(.serialized) struct KernelProtocolTests {
    @Test func kernelInfoRoundTripsSigned() throws {
        let client = try KernelClient()
        let reply = try client.request("kernel_info_request", [:])
        #expect(reply.type == "kernel_info_reply")
        #expect(reply.content["protocol_version"] as? String == "5.3")
        let language = reply.content["language_info"] as? [String: Any]
        #expect(language?["name"] as? String == "pleura")
        #expect(language?["mimetype"] as? String == "text/x-pleura")
        #expect(language?["file_extension"] as? String == ".pleura")
        // The heartbeat echoes.
        client.heartbeat.send([Array("ping".utf8)])
        #expect(client.heartbeat.waitForInput(milliseconds: 5000))
        #expect(client.heartbeat.receive() == [Array("ping".utf8)])
    }

    @Test func badSignatureIsIgnoredAndLogged() throws {
        let client = try KernelClient(key: "the-real-key")
        let forged = WireMessage(header: WireMessage.header(type: "execute_request", session: "x"),
                                 content: ["code": "forged = 1", "silent": false])
        client.shell.send(forged.encode(signer: MessageSigner(key: "a-guess")))
        // Garbage without a delimiter, and a correctly signed message whose content is not JSON.
        client.shell.send([[0xFF], [0x00, 0x01]])
        let parts = [Array(#"{"msg_type": "execute_request", "msg_id": "m"}"#.utf8), Array("{}".utf8), Array("{}".utf8), [0xC3, 0x28]]
        client.shell.send([WireMessage.delimiter, Array(client.signer.signature(parts).utf8)] + parts)
        #expect(client.receive(on: client.shell, timeout: 1) == nil)
        // The kernel goes on, and the forged statement never ran.
        let (reply, _) = try client.execute("forged")
        #expect(reply.content["status"] as? String == "error")
        #expect(client.log.contains("bad signature"))
        #expect(client.log.contains("no <IDS|MSG> delimiter"))
        #expect(client.log.contains("the content is not a JSON object"))
    }

    @Test func executePublishesInOrder() throws {
        let client = try KernelClient()
        let (first, _) = try client.execute("x = 2 + 3")
        #expect(first.content["status"] as? String == "ok")
        #expect(first.content["execution_count"] as? Int == 1)
        let (reply, published) = try client.execute("print \"x is {x}\"\nx * 2")
        #expect(reply.content["execution_count"] as? Int == 2)
        #expect(published.map(\.type) == ["status", "execute_input", "stream", "execute_result", "status"])
        #expect(published.first?.content["execution_state"] as? String == "busy")
        #expect(published[1].content["code"] as? String == "print \"x is {x}\"\nx * 2")
        #expect(published[2].content["text"] as? String == "x is 5\n")
        #expect((published[3].content["data"] as? [String: Any])?["text/plain"] as? String == "10")
        #expect(published[3].content["execution_count"] as? Int == 2)
        // A silent request publishes nothing but its status and does not count.
        let (silent, quiet) = try client.execute("y = 1", silent: true)
        #expect(silent.content["execution_count"] as? Int == 2)
        #expect(quiet.map(\.type) == ["status", "status"])
        // store_history false publishes as usual but neither counts nor enters the history.
        let (unstored, shown) = try client.execute("z = y + 1\nz", storeHistory: false)
        #expect(unstored.content["execution_count"] as? Int == 2)
        #expect(shown.map(\.type) == ["status", "execute_input", "execute_result", "status"])
        #expect(shown[1].content["execution_count"] as? Int == 2)
        #expect((shown[2].content["data"] as? [String: Any])?["text/plain"] as? String == "2")
        // allow_stdin changes nothing (no command reads input); the count goes on from 2.
        let (withStdin, _) = try client.execute("z * 10", allowStdin: true)
        #expect(withStdin.content["status"] as? String == "ok")
        #expect(withStdin.content["execution_count"] as? Int == 3)
        // History comes from the session's record: the statements of requests that stored
        // history, numbered by their place in the journal, last ones last.
        let history = try client.request("history_request", ["hist_access_type": "tail", "n": 3, "output": false, "raw": true])
        let entries = history.content["history"] as? [[Any]] ?? []
        #expect(entries.compactMap { $0.last as? String } == ["print \"x is {x}\"", "x * 2", "z * 10"])
        #expect(entries.compactMap { $0[1] as? Int } == [2, 3, 7])
    }

    @Test func figureArrivesAsDecodablePNG() throws {
        let client = try KernelClient()
        let (reply, published) = try client.execute("plot [1, 4, 9, 16]")
        #expect(reply.content["status"] as? String == "ok")
        let display = try #require(published.first { $0.type == "display_data" })
        let data = try #require(display.content["data"] as? [String: Any])
        #expect(data["text/plain"] is String)
        let base64 = try #require(data["image/png"] as? String)
        let png = try #require(Data(base64Encoded: base64))
        let image = try PNG.decode(Array(png))
        #expect(image.width > 100 && image.height > 50)
    }

    @Test func errorCarriesTheCaret() throws {
        let client = try KernelClient()
        let (reply, published) = try client.execute("a = 1\nb = a + nope")
        #expect(reply.content["status"] as? String == "error")
        let error = try #require(published.first { $0.type == "error" })
        let traceback = try #require(error.content["traceback"] as? [String])
        #expect((error.content["evalue"] as? String)?.contains("nope") == true)
        // The caret line points under `nope`: column 9 of the line `b = a + nope`.
        let sourceLine = try #require(traceback.firstIndex { $0.hasSuffix("b = a + nope") })
        let caret = traceback[sourceLine + 1]
        let offset = traceback[sourceLine].count - "b = a + nope".count
        #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) } == offset + 8)
        // The failed statement is not recorded, but the one before it is.
        let (after, _) = try client.execute("a")
        #expect(after.content["status"] as? String == "ok")
    }

    @Test func completeInspectAndIsComplete() throws {
        let client = try KernelClient()
        _ = try client.execute("threshold = 0.5")
        let code = "x = 1\nthres"
        let completion = try client.request("complete_request", ["code": code, "cursor_pos": code.count])
        #expect((completion.content["matches"] as? [String])?.contains("threshold") == true)
        #expect(completion.content["cursor_start"] as? Int == 6)
        #expect(completion.content["cursor_end"] as? Int == code.count)
        // Argument names of the command being typed.
        let argument = try client.request("complete_request", ["code": "plot [1, 2] tit", "cursor_pos": 15])
        #expect((argument.content["matches"] as? [String])?.contains("title=") == true)
        #expect(argument.content["cursor_start"] as? Int == 12)

        let help = try client.request("inspect_request", ["code": "len(xs)", "cursor_pos": 2, "detail_level": 0])
        #expect(help.content["found"] as? Bool == true)
        #expect(((help.content["data"] as? [String: Any])?["text/plain"] as? String)?.contains("len") == true)
        let variable = try client.request("inspect_request", ["code": "threshold", "cursor_pos": 9, "detail_level": 0])
        #expect(((variable.content["data"] as? [String: Any])?["text/plain"] as? String)?.contains("number") == true)
        let unknown = try client.request("inspect_request", ["code": "zzz_nothing", "cursor_pos": 3, "detail_level": 0])
        #expect(unknown.content["found"] as? Bool == false)

        for (code, status) in [("x = [1, 2,", "incomplete"), ("y = 1 +", "incomplete"), ("y = 1", "complete"), ("y = )", "invalid")] {
            let reply = try client.request("is_complete_request", ["code": code])
            #expect(reply.content["status"] as? String == status, "\(code)")
        }
    }

    @Test func interruptStopsALongCommand() throws {
        let client = try KernelClient()
        let id = client.send("execute_request", ["code": "n = 0\nfor i in 0..1_000_000_000 { n = n + 1 }", "silent": false,
                                                 "store_history": true], on: client.shell)
        // Let the loop start (past `n = 0`), then interrupt it on the control socket.
        try client.waitUntilRunning(id)
        usleep(500_000)
        let interrupted = try client.request("interrupt_request", [:], on: client.control, timeout: 10)
        #expect(interrupted.type == "interrupt_reply")
        let started = Date()
        var reply: WireMessage?
        while reply == nil && Date().timeIntervalSince(started) < 10 {
            if let message = client.receive(on: client.shell, timeout: 0.2), message.parentHeader["msg_id"] as? String == id {
                reply = message
            }
        }
        #expect(reply != nil, "the loop did not stop within 10 s of the interrupt")
        // The session lives on with what the loop did before it stopped.
        let (after, published) = try client.execute("n > 0")
        #expect(after.content["status"] as? String == "ok")
        #expect((published.first { $0.type == "execute_result" }?.content["data"] as? [String: Any])?["text/plain"] as? String == "true")

        // SIGINT does the same as the message, as Ctrl-C does in the REPL.
        let again = client.send("execute_request", ["code": "for i in 0..1_000_000_000 { n = n + 1 }", "silent": false,
                                                    "store_history": true], on: client.shell)
        try client.waitUntilRunning(again)
        usleep(500_000)
        kill(client.process.processIdentifier, SIGINT)
        let signalled = Date()
        var stopped = false
        while !stopped && Date().timeIntervalSince(signalled) < 10 {
            stopped = client.receive(on: client.shell, timeout: 0.2)?.parentHeader["msg_id"] as? String == again
        }
        #expect(stopped, "the loop did not stop within 10 s of SIGINT")
        #expect(client.process.isRunning)
    }

    @Test func interruptedFitStreamsItsEpochsAndKeepsTheModel() throws {
        let client = try KernelClient()
        let (setup, _) = try client.execute("""
            made = synth("d", count=16, size=32, seed=1)
            ds = load("d", size=32)
            m = unet(base=4, depth=2, seed=1)
            """)
        #expect(setup.content["status"] as? String == "ok")
        let id = client.send("execute_request", ["code": "fit m ds epochs=100000 batch=4", "silent": false, "store_history": true],
                             on: client.shell)
        // Progress arrives while the fit runs, one line per epoch.
        var epochs: [String] = []
        let deadline = Date().addingTimeInterval(30)
        while epochs.count < 2 && Date() < deadline {
            guard let message = client.receive(on: client.iopub, timeout: 0.2), message.parentHeader["msg_id"] as? String == id,
                  message.type == "stream", let text = message.content["text"] as? String else { continue }
            epochs += text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("epoch ") }
        }
        #expect(epochs.count >= 2 && !epochs.joined().contains("\r"))
        _ = try client.request("interrupt_request", [:], on: client.control, timeout: 10)
        var reply: WireMessage?
        while reply == nil && Date() < deadline.addingTimeInterval(10) {
            if let message = client.receive(on: client.shell, timeout: 0.2), message.parentHeader["msg_id"] as? String == id { reply = message }
        }
        #expect(reply?.content["status"] as? String == "ok")
        // The model is kept, and the journal records the fit as far as it went.
        let (after, _) = try client.execute("m")
        #expect(after.content["status"] as? String == "ok")
        let history = try client.request("history_request", ["hist_access_type": "tail", "n": 5, "output": false, "raw": true])
        let fit = (history.content["history"] as? [[Any]])?.compactMap { $0.last as? String }.first { $0.hasPrefix("fit ") }
        // (`stop=N` with a comment, as the REPL records a fit Ctrl-C stopped).
        #expect(fit?.contains("stop=") == true && fit?.hasSuffix(": interrupted") == true, "\(String(describing: fit))")
    }

    @Test func recoverReplaysAKilledKernelsJournal() throws {
        let client = try KernelClient()
        _ = try client.execute("x = 41")
        kill(client.process.processIdentifier, SIGKILL)
        client.process.waitUntilExit()
        // The REPL, in the same state folder, offers the journal and replays it.
        let repl = Process()
        repl.executableURL = URL(fileURLWithPath: KernelClient.executable)
        repl.arguments = ["--recover"]
        repl.currentDirectoryURL = URL(fileURLWithPath: client.directory)
        repl.environment = ["HOME": client.directory + "/home", "XDG_STATE_HOME": client.directory + "/state", "PATH": "/usr/bin:/bin"]
        let input = Pipe(), output = Pipe()
        repl.standardInput = input
        repl.standardOutput = output
        repl.standardError = output
        try repl.run()
        input.fileHandleForWriting.write(Data("1\nx + 1\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        repl.waitUntilExit()
        #expect(text.contains("replaying"))
        #expect(text.split(separator: "\n").contains("42"), "\(text)")
    }

    @Test func shutdownEndsTheProcessAndClosesTheJournal() throws {
        let client = try KernelClient()
        _ = try client.execute("x = 1")
        let journals = client.directory + "/state/pleura/journals"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: journals)) ?? []).count == 1)
        let reply = try client.request("shutdown_request", ["restart": true], on: client.control)
        #expect(reply.content["restart"] as? Bool == true)
        #expect(client.exitStatus(within: 10) == 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: journals)) ?? []).isEmpty)
    }

    @Test func badConnectionFileIsReported() throws {
        let client = try KernelClient()
        let bad = client.directory + "/bad.json"
        try Data(#"{"shell_port": 1}"#.utf8).write(to: URL(fileURLWithPath: bad))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: KernelClient.executable)
        process.arguments = ["kernel", "-f", bad]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains(bad) && message.contains("lacks"))
    }
}
