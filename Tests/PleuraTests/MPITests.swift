import Foundation
import TensorIO
import Testing

/// Data-parallel training under Open MPI's `mpirun -np 2 --oversubscribe` on loopback, with
/// the built `pleura`: the same numbers as one process with twice the batch, bit-identical
/// reruns, only rank 0 writing, a failing rank ending the job, and resuming with another
/// number of ranks. Small models and a few steps keep each job to a few seconds.
@Suite(.serialized) struct MPITests {
    static let mpirun = "/usr/bin/mpirun"
    static let data = "ds = synth_dataset(count=16, size=32, seed=3)\n"

    /// A script training a small U-Net on 16 synthetic images: 2 epochs of 4 global batches.
    static func training(norm: String, batch: Int, extra: String = "", save: String) -> String {
        data + "m = unet(base=4, depth=2, norm=\"\(norm)\", seed=5)\n"
            + "h = fit m ds epochs=2 batch=\(batch) seed=7 loss=bce \(extra)\n"
            + "print m.digest\nsave_weights m \"\(save)\"\n"
    }

    struct Job {
        var stdout: String
        var stderr: String
        var status: Int32
        var seconds: Double
    }

    /// Runs `mpirun` with `arguments` (after the launcher's own flags) in `dir`, killing it
    /// after `timeout` seconds; `during` runs while it does, with its process id.
    static func launch(_ arguments: [String], in dir: String, timeout: Double = 120,
                       during: ((Int32) throws -> Void)? = nil) throws -> Job {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        // Root in CI containers; oversubscribe since two ranks may share fewer cores.
        process.arguments = ["--oversubscribe", "--allow-run-as-root", "--mca", "btl", "self,tcp",
                             "--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = Binary.environment(dir)
        env["OMPI_MCA_rmaps_base_oversubscribe"] = "1"
        process.environment = env
        let out = dir + "/.mpi-out", err = dir + "/.mpi-err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        process.standardInput = FileHandle.nullDevice
        // The child inherits this thread's signal mask, and test threads may block SIGUSR1,
        // which mpirun must receive to forward it.
        var usr1 = sigset_t()
        sigemptyset(&usr1)
        sigaddset(&usr1, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &usr1, nil)
        let start = Date()
        try process.run()
        try during?(process.processIdentifier)
        let deadline = start.addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("mpirun \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        defer { for p in [out, err] { try? FileManager.default.removeItem(atPath: p) } }
        return Job(stdout: try String(contentsOfFile: out, encoding: .utf8), stderr: try String(contentsOfFile: err, encoding: .utf8),
                   status: process.terminationStatus, seconds: Date().timeIntervalSince(start))
    }

    /// Two ranks running `script` (written to `dir`).
    static func twoRanks(_ script: String, in dir: String, name: String = "job.pleura") throws -> Job {
        try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        return try launch(["-np", "2", Binary.path, "run", name], in: dir)
    }

    /// How far two weights files are apart, relative to the weights: the largest difference
    /// of any value over the largest weight's magnitude. (Per tensor it would not do: a
    /// zero-initialised norm bias after a few steps is a sum that mostly cancels, whose last
    /// digits the order of a Float32 reduction decides.)
    static func relativeDifference(_ a: String, _ b: String) throws -> Double {
        let x = try SafeTensors.read(path: a), y = try SafeTensors.read(path: b)
        try #require(x.tensors.map(\.name) == y.tensors.map(\.name))
        var difference = 0.0, scale = 0.0
        for (p, q) in zip(x.tensors, y.tensors) {
            scale = max(scale, q.tensor.data.map { abs(Double($0)) }.max() ?? 0)
            difference = max(difference, zip(p.tensor.data, q.tensor.data).map { abs(Double($0) - Double($1)) }.max() ?? 0)
        }
        return difference / scale
    }

    @Test func twoRanksWithGroupNormMatchOneProcessWithTwiceTheBatch() throws {
        let dir = try Binary.sandbox("mpi-gn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let two = try Self.twoRanks(Self.training(norm: "group", batch: 2, save: "two.safetensors"), in: dir)
        try #require(two.status == 0, "\(two.stderr)")
        let one = try Binary.run([], input: Self.training(norm: "group", batch: 4, save: "one.safetensors"), in: dir)
        try #require(one.status == 0, "\(one.stderr)")
        let difference = try Self.relativeDifference(dir + "/two.safetensors", dir + "/one.safetensors")
        #expect(difference <= 1e-5, "2 ranks × 2 vs 1 × 4 after 8 steps: relative difference \(difference)")
        // The weights moved: the comparison is not between two untrained models.
        let initial = try Binary.run([], input: Self.data + "m = unet(base=4, depth=2, norm=\"group\", seed=5)\n"
                                     + "save_weights m \"init.safetensors\"\n", in: dir)
        try #require(initial.status == 0)
        #expect(try Self.relativeDifference(dir + "/init.safetensors", dir + "/one.safetensors") > 1e-3)
    }

    @Test func syncBatchNormMatchesOneProcessWithTwiceTheBatch() throws {
        let dir = try Binary.sandbox("mpi-bn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let two = try Self.twoRanks(Self.training(norm: "batch", batch: 2, extra: "sync_bn=true", save: "two.safetensors"), in: dir)
        try #require(two.status == 0, "\(two.stderr)")
        let one = try Binary.run([], input: Self.training(norm: "batch", batch: 4, save: "one.safetensors"), in: dir)
        try #require(one.status == 0, "\(one.stderr)")
        // Weights and the running statistics (the file holds both).
        let difference = try Self.relativeDifference(dir + "/two.safetensors", dir + "/one.safetensors")
        #expect(difference <= 1e-5, "sync_bn 2 ranks × 2 vs 1 × 4: relative difference \(difference)")
        // Without sync_bn each rank normalises its own 2 images: a different model.
        let local = try Self.twoRanks(Self.training(norm: "batch", batch: 2, save: "local.safetensors"), in: dir)
        try #require(local.status == 0, "\(local.stderr)")
        #expect(try Self.relativeDifference(dir + "/local.safetensors", dir + "/one.safetensors") > 1e-4)
    }

    @Test func theSameRanksGiveBitIdenticalRuns() throws {
        let dir = try Binary.sandbox("mpi-rerun")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = Self.training(norm: "batch", batch: 3, extra: "accum=2", save: "w.safetensors")
        let first = try Self.twoRanks(script, in: dir)
        try #require(first.status == 0, "\(first.stderr)")
        let weights = try SafeTensors.read(path: dir + "/w.safetensors")
        let second = try Self.twoRanks(script, in: dir)
        try #require(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == first.stdout)
        #expect(CheckpointCrashTests.sameTensors(try SafeTensors.read(path: dir + "/w.safetensors"), weights))
    }

    /// Rank 0 works in folder a, rank 1 in folder b (mpirun's per-rank working directory):
    /// after a script that prints, saves weights and checkpoints, and a notebook run, a holds
    /// rank 0's files and b holds nothing new.
    @Test func onlyRankZeroPrintsAndWrites() throws {
        let dir = try Binary.sandbox("mpi-writes")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for side in ["a", "b"] { try FileManager.default.createDirectory(atPath: dir + "/" + side, withIntermediateDirectories: true) }
        let script = Self.training(norm: "group", batch: 2, extra: "checkpoint=\"run.safetensors\"", save: "w.safetensors")
            + "print \"done\"\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/job.pleura"))
        let notebook = "# A\n\n```pleura\nds = synth_dataset(count=8, size=32, seed=1)\nm = unet(base=4, depth=2, norm=\"group\", seed=1)\n"
            + "fit m ds epochs=1 batch=2 seed=1 loss=bce\nshow(ds[0].image)\n```\n"
        for side in ["a", "b"] { try Data(notebook.utf8).write(to: URL(fileURLWithPath: dir + "/\(side)/nb.md")) }
        func ranks(_ command: [String]) -> [String] {
            ["-np", "1", "-wdir", dir + "/a", Binary.path] + command + [":", "-np", "1", "-wdir", dir + "/b", Binary.path] + command
        }
        let job = try Self.launch(ranks(["run", dir + "/job.pleura"]), in: dir)
        try #require(job.status == 0, "\(job.stderr)")
        let lines = job.stdout.split(separator: "\n")
        #expect(lines.filter { $0 == "done" }.count == 1, "\(job.stdout)")
        #expect(lines.filter { $0.hasPrefix("epoch") }.count == 2, "\(job.stdout)")
        let notes = try Self.launch(ranks(["notebook", "run", "nb.md"]), in: dir)
        try #require(notes.status == 0, "\(notes.stderr)")
        #expect(notes.stdout.components(separatedBy: "nb.md: ran").count == 2, "\(notes.stdout)")

        let a = Set(try FileManager.default.contentsOfDirectory(atPath: dir + "/a"))
        #expect(a.isSuperset(of: ["w.safetensors", "run.safetensors", "nb.md", "nb_files"]), "\(a)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/b") == ["nb.md"])
        #expect(try String(contentsOfFile: dir + "/b/nb.md", encoding: .utf8) == notebook)
        #expect(try String(contentsOfFile: dir + "/a/nb.md", encoding: .utf8) != notebook)
    }

    /// Rank 1 meets a corrupt weights file that rank 0's folder holds intact: it reports the
    /// error with its rank and the file, and the job ends at once with a failure on every
    /// rank, leaving the checkpoint of the finished epoch whole.
    @Test func aRankThatFailsEndsTheJobWithItsRankAndTheReason() throws {
        let dir = try Binary.sandbox("mpi-fail")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for side in ["a", "b"] { try FileManager.default.createDirectory(atPath: dir + "/" + side, withIntermediateDirectories: true) }
        let setup = try Binary.run([], input: "save_weights unet(base=4, depth=2, norm=\"group\", seed=9) \"a/x.safetensors\"\n", in: dir)
        try #require(setup.status == 0, "\(setup.stderr)")
        try Data("not safetensors".utf8).write(to: URL(fileURLWithPath: dir + "/b/x.safetensors"))
        let script = Self.data + "m = unet(base=4, depth=2, norm=\"group\", seed=5)\n"
            + "fit m ds epochs=1 batch=2 seed=7 loss=bce checkpoint=\"run.safetensors\"\n"
            // A sharded evaluation: no rank passes it before rank 0 has written the checkpoint.
            + "r = evaluate m ds\nprint r.dice\n"
            + "load_weights m \"x.safetensors\"\nfit m ds epochs=50 batch=2 seed=7 loss=bce\nprint \"finished\"\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/job.pleura"))
        let job = try Self.launch(["-np", "1", "-wdir", dir + "/a", Binary.path, "run", dir + "/job.pleura", ":",
                                   "-np", "1", "-wdir", dir + "/b", Binary.path, "run", dir + "/job.pleura"], in: dir, timeout: 60)
        #expect(job.status != 0)
        #expect(job.seconds < 30)
        #expect(!job.stdout.contains("finished"))
        #expect(job.stderr.contains("rank 1: "), "\(job.stderr)")
        #expect(job.stderr.contains("x.safetensors"), "\(job.stderr)")
        let checkpoint = try SafeTensors.read(path: dir + "/a/run.safetensors")
        #expect(checkpoint.metadata["epochs_done"] == "1")
    }

    /// A rank killed in the middle of an epoch: mpirun ends the job with a failure instead
    /// of the other rank waiting for it, and the last checkpoint is whole.
    @Test func aRankKilledMidEpochEndsTheJobAndKeepsTheCheckpoint() throws {
        let dir = try Binary.sandbox("mpi-kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = "ds = synth_dataset(count=32, size=64, seed=3)\nm = unet(base=8, depth=3, norm=\"group\", seed=5)\n"
            + "fit m ds epochs=200 batch=2 seed=7 loss=bce checkpoint=\"run.safetensors\"\nprint \"finished\"\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/job.pleura"))
        var killed = false
        let job = try Self.launch(["-np", "2", Binary.path, "run", "job.pleura"], in: dir, timeout: 90) { mpirun in
            // Once the first checkpoint is there, the ranks are training the next epoch.
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: dir + "/run.safetensors") && Date() < deadline { usleep(20_000) }
            usleep(300_000)
            if let rank1 = Self.children(of: mpirun).first(where: { Self.rank(of: $0) == 1 }) {
                kill(rank1, SIGKILL)
                killed = true
            }
        }
        #expect(killed, "no rank 1 process found under mpirun")
        #expect(job.status != 0)
        #expect(!job.stdout.contains("finished"))
        let checkpoint = try SafeTensors.read(path: dir + "/run.safetensors")
        #expect(Int(checkpoint.metadata["epochs_done"] ?? "") ?? 0 >= 1)
    }

    /// SIGUSR1 to mpirun (forwarded to every rank) stops `fit` at a step both ranks agree
    /// on: the run records the interruption, the script goes on, and the job succeeds.
    @Test func aStopRequestEndsFitOnEveryRankAtTheSameStep() throws {
        let dir = try Binary.sandbox("mpi-stop")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = "ds = synth_dataset(count=32, size=32, seed=3)\nm = unet(base=4, depth=2, norm=\"group\", seed=5)\n"
            + "h = fit m ds epochs=1000 batch=2 seed=7 loss=bce checkpoint=\"run.safetensors\"\nprint h\nprint \"after fit\"\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/job.pleura"))
        let job = try Self.launch(["-np", "2", Binary.path, "run", "job.pleura"], in: dir, timeout: 90) { mpirun in
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: dir + "/run.safetensors") && Date() < deadline { usleep(20_000) }
            kill(mpirun, SIGUSR1)
        }
        #expect(job.status == 0, "\(job.stderr)")
        #expect(job.stdout.contains("(stopped: interrupted)"), "\(job.stdout)")
        #expect(job.stdout.contains("after fit"))
        #expect(!job.stdout.contains("epoch 1000/1000"))
    }

    /// Two ranks train epoch 1 and checkpoint; one process resumes epoch 2 (and the other way
    /// round). With the same global batch both end where one uninterrupted run ends. SGD
    /// here: Adam's m/√v scales a near-zero gradient's last digits, which the order of the
    /// ranks' reduction decides, up to a whole step (2.4e-5 of the weights after a switch,
    /// against 1e-7 with SGD).
    @Test func resumeWorksWithAnotherNumberOfRanks() throws {
        let dir = try Binary.sandbox("mpi-resume")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let model = "m = unet(base=4, depth=2, norm=\"group\", seed=5)\n"
        func fit(_ batch: Int, _ epochs: Int) -> String {
            "ds epochs=\(epochs) batch=\(batch) seed=7 loss=bce sched=\"cosine\" optimizer=\"sgd(momentum=0.9)\" lr=0.05"
        }
        let whole = try Binary.run([], input: Self.data + model + "fit m \(fit(4, 2))\nsave_weights m \"whole.safetensors\"\n", in: dir)
        try #require(whole.status == 0, "\(whole.stderr)")

        let first = try Self.twoRanks(Self.data + model + "fit m \(fit(2, 2)) stop=1 checkpoint=\"c2.safetensors\"\n", in: dir)
        try #require(first.status == 0, "\(first.stderr)")
        let rest = try Binary.run([], input: Self.data + model + "resume \"c2.safetensors\" m \(fit(4, 2))\nsave_weights m \"from2.safetensors\"\n",
                                  in: dir)
        try #require(rest.status == 0, "\(rest.stderr)")
        #expect(try Self.relativeDifference(dir + "/from2.safetensors", dir + "/whole.safetensors") <= 1e-5)

        let single = try Binary.run([], input: Self.data + model + "fit m \(fit(4, 2)) stop=1 checkpoint=\"c1.safetensors\"\n", in: dir)
        try #require(single.status == 0, "\(single.stderr)")
        let more = try Self.twoRanks(Self.data + model + "resume \"c1.safetensors\" m \(fit(2, 2))\nsave_weights m \"from1.safetensors\"\n",
                                     in: dir)
        try #require(more.status == 0, "\(more.stderr)")
        #expect(try Self.relativeDifference(dir + "/from1.safetensors", dir + "/whole.safetensors") <= 1e-5)
    }

    /// `evaluate` (per-image table included) and `search_thresholds` with the images shared
    /// among 2 and 3 ranks (21 images: blocks of 11/10 and 7/7/7) print exactly what one
    /// process prints, for the same weights, and the image-level head's probabilities, gathered
    /// too, are the same numbers: a rank's batches hold other images than one process's, but
    /// inference runs each image as a forward of its own.
    @Test func shardedEvaluationGivesTheScoresOfOneProcess() throws {
        let dir = try Binary.sandbox("mpi-eval")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let setup = "ds = synth_dataset(count=21, size=32, seed=3)\n"
            + "m = unet(base=4, depth=2, norm=\"batch\", cls_head=true, seed=5)\n"
        let trained = try Binary.run([], input: setup + "fit m ds epochs=3 batch=4 seed=1 loss=bce lr=0.01\nsave_weights m \"w.safetensors\"\n",
                                     in: dir)
        try #require(trained.status == 0, "\(trained.stderr)")
        let marker = "class probabilities"
        let script = setup + "load_weights m \"w.safetensors\"\nr = evaluate m ds threshold=0.3 cls_threshold=0.5\n"
            + "print r\nprint r.images\nprint sort(r.images, by=\"dice\")\nsearch_thresholds m ds\n"
            + "print \"\(marker)\"\nfor p in r.images.cls_prob { print p }\n"
        /// The output before the marker, and the probabilities after it (a number per image, not `none`).
        func parts(_ output: String) throws -> (String, [Double]) {
            let halves = output.components(separatedBy: marker + "\n")
            try #require(halves.count == 2, "\(output)")
            let probabilities = halves[1].split(separator: "\n").compactMap { Double($0) }
            #expect(probabilities.count == 21, "one probability per image: \(halves[1])")
            return (halves[0], probabilities)
        }
        let one = try Binary.run([], input: script, in: dir)
        try #require(one.status == 0, "\(one.stderr)")
        let (scores, probabilities) = try parts(one.stdout)
        try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/eval.pleura"))
        for ranks in [2, 3] {
            let job = try Self.launch(["-np", "\(ranks)", Binary.path, "run", "eval.pleura"], in: dir)
            try #require(job.status == 0, "\(job.stderr)")
            let (sharded, gathered) = try parts(job.stdout)
            #expect(sharded == scores, "\(ranks) ranks")
            #expect(gathered == probabilities, "\(ranks) ranks: \(gathered)")
        }
    }

    /// The processes whose parent is `pid` (read from /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid
        }
    }

    /// The MPI rank of process `pid`, from its environment.
    static func rank(of pid: Int32) -> Int? {
        guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
        for entry in environ.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            if text.hasPrefix("OMPI_COMM_WORLD_RANK=") { return Int(text.dropFirst("OMPI_COMM_WORLD_RANK=".count)) }
        }
        return nil
    }
}
