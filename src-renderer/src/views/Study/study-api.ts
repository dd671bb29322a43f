import type { LabApi } from '@shared/protocol/lab-api'

/**
 * The LabApi as the Study view uses it (`loadStudy` is part of LabApi now). The view still checks
 * that `loadStudy` is there, so it also works, by opening a `.mflabstudy` file, against an older
 * backend.
 */
export type StudyLabApi = LabApi
