"""Runs Stone Soup (https://github.com/dstl/Stone-Soup) on a Tahaluf 2-D constant-velocity scenario.

Used by bench/tracking-peer.bench.ts, which passes the scenario and the shared tracker settings as JSON
on stdin and reads the tracks as JSON on stdout. Stone Soup itself is not part of this repository: the
benchmark puts its source checkout on PYTHONPATH (TAHALUF_STONESOUP_PATH). Only Stone Soup's own
components are used, configured like Tahaluf's tracker (see docs/benchmarks.md):

- ConstantVelocity per axis with the same noise_diff_coeff q (Q = q [dt^3/3, dt^2/2; dt^2/2, dt]),
- LinearGaussian position measurement with the scenario's R,
- KalmanPredictor / KalmanUpdater,
- DistanceHypothesiser with SquaredMahalanobis and missed_distance = the chi-square gate
  (Tahaluf gates on the same squared statistic and uses it as the miss cost),
- GNNWith2DAssignment (optimal assignment),
- MultiMeasurementInitiator (single-point prior: position from the detection with covariance R,
  zero velocity with covariance velocitySigma^2), min_points = m, holding tracks deleted after
  `holdingMisses` missed scans (UpdateTimeStepsDeleter),
- confirmed tracks deleted after `deleteMisses` consecutive missed scans (UpdateTimeStepsDeleter),
- MultiTargetTracker.
"""
import datetime
import json
import sys
import time

import numpy as np

from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
from stonesoup.deleter.time import UpdateTimeStepsDeleter
from stonesoup.hypothesiser.distance import DistanceHypothesiser
from stonesoup.initiator.simple import MultiMeasurementInitiator
from stonesoup.measures import SquaredMahalanobis
from stonesoup.models.measurement.linear import LinearGaussian
from stonesoup.models.transition.linear import (
    CombinedLinearGaussianTransitionModel, ConstantVelocity)
from stonesoup.predictor.kalman import KalmanPredictor
from stonesoup.reader.base import DetectionReader
from stonesoup.buffered_generator import BufferedGenerator
from stonesoup.tracker.simple import MultiTargetTracker
from stonesoup.types.detection import Detection
from stonesoup.types.state import GaussianState
from stonesoup.updater.kalman import KalmanUpdater


def main():
    job = json.load(sys.stdin)
    cfg = job["config"]
    epoch = datetime.datetime(1970, 1, 1)

    def ts(t):
        return epoch + datetime.timedelta(seconds=t)

    transition = CombinedLinearGaussianTransitionModel(
        [ConstantVelocity(cfg["q"]), ConstantVelocity(cfg["q"])])
    # Stone Soup's state is [x, vx, y, vy]: the position is at indices 0 and 2.
    measurement = LinearGaussian(ndim_state=4, mapping=(0, 2), noise_covar=np.array(cfg["R"]))
    predictor = KalmanPredictor(transition)
    updater = KalmanUpdater(measurement)
    hypothesiser = DistanceHypothesiser(
        predictor, updater, measure=SquaredMahalanobis(), missed_distance=cfg["gate"])
    associator = GNNWith2DAssignment(hypothesiser)
    vs2 = cfg["velocitySigma"] ** 2
    prior = GaussianState([[0], [0], [0], [0]], np.diag([0, vs2, 0, vs2]))
    initiator = MultiMeasurementInitiator(
        prior_state=prior,
        measurement_model=measurement,
        deleter=UpdateTimeStepsDeleter(cfg["holdingMisses"]),
        data_associator=GNNWith2DAssignment(hypothesiser),
        updater=updater,
        min_points=cfg["m"],
    )
    deleter = UpdateTimeStepsDeleter(cfg["deleteMisses"])

    scans = job["scans"]

    class Reader(DetectionReader):
        @BufferedGenerator.generator_method
        def detections_gen(self):
            for s in scans:
                t = ts(s["time"])
                yield t, {Detection(np.array([[d["z"][0]], [d["z"][1]]]), timestamp=t,
                                    measurement_model=measurement, metadata={"id": d["id"]})
                          for d in s["detections"]}

    tracker = MultiTargetTracker(initiator=initiator, deleter=deleter, detector=Reader(),
                                 data_associator=associator, updater=updater)
    names = {}

    def name(track):
        if track.id not in names:
            names[track.id] = f"SS{len(names) + 1}"
        return names[track.id]

    online = []
    every = set()
    c0 = time.process_time()
    for t, tracks in tracker:
        sec = (t - epoch).total_seconds()
        online.append({"time": sec, "tracks": [
            {"id": name(tr), "pos": [float(tr.state_vector[0, 0]), float(tr.state_vector[2, 0])]}
            for tr in tracks]})
        every |= tracks
    cpu = time.process_time() - c0
    histories = [{"id": name(tr), "states": [
        {"time": (s.timestamp - epoch).total_seconds(),
         "pos": [float(s.state_vector[0, 0]), float(s.state_vector[2, 0])]} for s in tr.states]}
        for tr in every]
    json.dump({"online": online, "histories": histories, "cpuSeconds": cpu}, sys.stdout)


if __name__ == "__main__":
    main()
