"""Adds one image to a dataset made by make-referenced-dataset.py, in the first patient's first
series, referencing an image already there (as a later delivery of the same study would).
argv: input folder. Prints nothing."""
import os, sys
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

root = sys.argv[1]
patient = sorted(os.listdir(root))[0]
study = sorted(os.listdir(os.path.join(root, patient)))[0]
series_dir = os.path.join(root, patient, study)
series = next(s for s in sorted(os.listdir(series_dir)) if any(pydicom.dcmread(os.path.join(series_dir, s, f)).Modality in ('CT', 'MR') for f in os.listdir(os.path.join(series_dir, s))))
folder = os.path.join(series_dir, series)
first = pydicom.dcmread(os.path.join(folder, sorted(os.listdir(folder))[0]))
later = pydicom.dcmread(os.path.join(folder, sorted(os.listdir(folder))[0]))
later.SOPInstanceUID = later.file_meta.MediaStorageSOPInstanceUID = generate_uid('1.2.826.0.1.3680043.8.498.')
later.InstanceNumber = 9
item = Dataset()
item.ReferencedSOPClassUID, item.ReferencedSOPInstanceUID = first.SOPClassUID, first.SOPInstanceUID
later.ReferencedImageSequence = Sequence([item])
later.save_as(os.path.join(folder, later.SOPInstanceUID + '.dcm'), write_like_original=False)
