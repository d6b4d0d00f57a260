"""Writes a small multi-study, multi-series dataset whose files reference each other the ways real
studies do: referenced images, source images, a shared frame of reference, an SR's evidence and
content references, and a presentation state. Folders and files are named by their UIDs.
argv: output folder. Prints nothing."""
import datetime, os, sys
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid

root = sys.argv[1]
PREFIX = '1.2.826.0.1.3680043.8.498.'
CT, MR, SR, GSPS = '1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.5.1.4.1.1.88.22', '1.2.840.10008.5.1.4.1.1.11.1'

def ref(sop_class, sop_instance):
    item = Dataset()
    item.ReferencedSOPClassUID = sop_class
    item.ReferencedSOPInstanceUID = sop_instance
    return item

def code(value, scheme, meaning):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item

def base(patient, study, series, sop_class, modality, number, syntax=ExplicitVRLittleEndian):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid(PREFIX)
    meta.TransferSyntaxUID = syntax
    ds = FileDataset(None, {}, file_meta=meta, preamble=b'\0' * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
    ds.SpecificCharacterSet = 'ISO_IR 100'
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = study['date']
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = '093015'
    ds.AcquisitionDateTime = study['date'] + '093500.25'
    ds.InstanceCreationDate = study['date']
    ds.AccessionNumber = study['accession']
    ds.Modality = modality
    ds.Manufacturer = 'ACME'
    ds.InstitutionName = 'Hopital Saint Example'
    ds.ReferringPhysicianName = 'WELBY^MARCUS'
    ds.StudyDescription = 'Follow-up of ' + patient['name'].replace('^', ' ')
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = patient['name'], patient['id'], patient['birth'], patient['sex']
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study['uid'], series['uid']
    ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = '1', series['number'], number
    return ds

def image(ds, for_uid):
    ds.FrameOfReferenceUID = for_uid
    ds.PositionReferenceIndicator = ''
    ds.ImageType = ['ORIGINAL', 'PRIMARY', 'AXIAL']
    ds.ImagePositionPatient, ds.ImageOrientationPatient, ds.PixelSpacing, ds.SliceThickness = [0, 0, ds.InstanceNumber], [1, 0, 0, 0, 1, 0], [1, 1], 1
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, 'MONOCHROME2', 4, 4
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = bytes(range(32))
    return ds

def save(ds):
    folder = os.path.join(root, ds.PatientName.family_name, ds.StudyInstanceUID, ds.SeriesInstanceUID)
    os.makedirs(folder, exist_ok=True)
    ds.save_as(os.path.join(folder, ds.SOPInstanceUID + '.dcm'), write_like_original=False)

patients = [
    {'name': 'QUIMBY^ROSALIND', 'id': 'PID-40021', 'birth': '19610412', 'sex': 'F'},
    {'name': 'VANTERPOOL^OSWIN', 'id': 'PID-51877', 'birth': '19730101', 'sex': 'M'},
]
for p_index, patient in enumerate(patients):
    for s_index, date in enumerate(['20200110', '20200305'][: 2 - p_index]):
        study = {'uid': generate_uid(PREFIX), 'date': date, 'accession': f'ACC{p_index}{s_index}'}
        for_uid = generate_uid(PREFIX)
        ct = {'uid': generate_uid(PREFIX), 'number': 1}
        images = []
        for n in range(1, 4):
            ds = image(base(patient, study, ct, CT if p_index == 0 else MR, 'CT' if p_index == 0 else 'MR', n, ImplicitVRLittleEndian if n == 3 else ExplicitVRLittleEndian), for_uid)
            if p_index == 0:
                ds.KVP, ds.RescaleIntercept, ds.RescaleSlope = 120, -1024, 1
            else:
                ds.ScanningSequence, ds.SequenceVariant, ds.ScanOptions, ds.MRAcquisitionType, ds.EchoTime, ds.RepetitionTime, ds.EchoTrainLength, ds.MagneticFieldStrength = 'SE', 'NONE', '', '2D', 10, 500, 1, 1.5
            if images:
                ds.ReferencedImageSequence = Sequence([ref(images[-1].SOPClassUID, images[-1].SOPInstanceUID)])
                ds.SourceImageSequence = Sequence([ref(images[0].SOPClassUID, images[0].SOPInstanceUID)])
                ds.ImageType = ['DERIVED', 'SECONDARY', 'AXIAL']
            images.append(ds)
            save(ds)
        if p_index == 0:
            gsps = base(patient, study, {'uid': generate_uid(PREFIX), 'number': 2}, GSPS, 'PR', 1)
            gsps.ContentLabel, gsps.ContentDescription, gsps.PresentationCreationDate, gsps.PresentationCreationTime = 'LABEL', 'a state', study['date'], '100000'
            gsps.ContentCreatorName = 'WELBY^MARCUS'
            series_item = Dataset()
            series_item.SeriesInstanceUID = ct['uid']
            series_item.ReferencedImageSequence = Sequence([ref(i.SOPClassUID, i.SOPInstanceUID) for i in images])
            gsps.ReferencedSeriesSequence = Sequence([series_item])
            save(gsps)
        sr = base(patient, study, {'uid': generate_uid(PREFIX), 'number': 3}, SR, 'SR', 1)
        sr.CompletionFlag, sr.VerificationFlag, sr.ValueType, sr.ContinuityOfContent = 'COMPLETE', 'UNVERIFIED', 'CONTAINER', 'SEPARATE'
        sr.ConceptNameCodeSequence = Sequence([code('18748-4', 'LN', 'Diagnostic Imaging Report')])
        evidence = Dataset()
        evidence.StudyInstanceUID = study['uid']
        series_item = Dataset()
        series_item.SeriesInstanceUID = ct['uid']
        series_item.ReferencedSOPSequence = Sequence([ref(i.SOPClassUID, i.SOPInstanceUID) for i in images])
        evidence.ReferencedSeriesSequence = Sequence([series_item])
        sr.CurrentRequestedProcedureEvidenceSequence = Sequence([evidence])
        item = Dataset()
        item.RelationshipType, item.ValueType = 'CONTAINS', 'IMAGE'
        item.ConceptNameCodeSequence = Sequence([code('121233', 'DCM', 'Source image')])
        item.ReferencedSOPSequence = Sequence([ref(images[0].SOPClassUID, images[0].SOPInstanceUID)])
        text = Dataset()
        text.RelationshipType, text.ValueType, text.TextValue = 'CONTAINS', 'TEXT', 'No change since the study of ' + study['date']
        text.ConceptNameCodeSequence = Sequence([code('121071', 'DCM', 'Finding')])
        sr.ContentSequence = Sequence([item, text])
        save(sr)
