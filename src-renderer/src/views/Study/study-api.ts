import type { LabApi } from '@shared/protocol/lab-api'
import type { StudyData } from '@shared/study/study-data'

/**
 * The LabApi with the optional study method the Study view can use. `loadStudy` is not part of
 * LabApi yet: until a backend implements it, studies are opened from a `.mflabstudy` file and
 * decoded in the renderer.
 */
export type StudyLabApi = LabApi & {
  /** A study the backend knows (e.g. in its library), as the renderer draws it. */
  loadStudy?(id: string): Promise<StudyData>
}
